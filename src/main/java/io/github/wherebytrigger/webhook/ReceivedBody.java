package io.github.wherebytrigger.webhook;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A webhook's body as {@link WebhookBodyFilter} read it, handed to
 * {@link WebhookEndpoint} as a request attribute so that the endpoint never reads the
 * request stream itself, and never on a worker thread that a slow client could hold.
 *
 * @param outcome whether the body arrived whole, was too large or could not be read
 * @param bytes the body when it arrived whole, otherwise empty
 * @param arrivalNanos {@link System#nanoTime()} when the request reached the filter, so
 * that the endpoint's time budget and metrics include the time the body took to arrive
 */
record ReceivedBody(Outcome outcome, byte[] bytes, long arrivalNanos) {

	/**
	 * The request attribute holding the body.
	 */
	static final String ATTRIBUTE = ReceivedBody.class.getName();

	private static final byte[] NONE = new byte[0];

	static ReceivedBody complete(byte[] bytes, long arrivalNanos) {
		return new ReceivedBody(Outcome.COMPLETE, bytes, arrivalNanos);
	}

	static ReceivedBody tooLarge(long arrivalNanos) {
		return new ReceivedBody(Outcome.TOO_LARGE, NONE, arrivalNanos);
	}

	static ReceivedBody unreadable(long arrivalNanos) {
		return new ReceivedBody(Outcome.UNREADABLE, NONE, arrivalNanos);
	}

	/**
	 * Reads the body of a request that did not pass {@link WebhookBodyFilter} (outside
	 * Tomcat, as in a mock request), blocking, stopping as soon as it exceeds the limit,
	 * whether or not a Content-Length was sent.
	 * @param request the request
	 * @param limit the most bytes accepted
	 * @return the body
	 */
	static ReceivedBody readBlocking(HttpServletRequest request, long limit) {
		long arrivalNanos = System.nanoTime();
		if (request.getContentLengthLong() > limit) {
			return tooLarge(arrivalNanos);
		}
		try (InputStream input = request.getInputStream()) {
			byte[] body = input.readNBytes((int) limit + 1);
			return (body.length > limit) ? tooLarge(arrivalNanos) : complete(body, arrivalNanos);
		}
		catch (IOException ex) {
			return unreadable(arrivalNanos);
		}
	}

	/**
	 * What became of reading the body.
	 */
	enum Outcome {

		/**
		 * The whole body arrived, within the size limit.
		 */
		COMPLETE,

		/**
		 * The body is larger than {@code whereby.webhook.max-body-size}, declared or
		 * read.
		 */
		TOO_LARGE,

		/**
		 * Reading failed: a malformed chunk, a body shorter than its Content-Length, a
		 * client gone.
		 */
		UNREADABLE

	}

}

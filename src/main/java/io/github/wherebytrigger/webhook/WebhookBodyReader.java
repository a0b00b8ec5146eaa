package io.github.wherebytrigger.webhook;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Future;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Collects the rest of one webhook body as Tomcat reports it readable, on whichever
 * container thread, holding none in between; then dispatches the request to the endpoint,
 * or, if the deadline passes first, answers 408.
 * <p>
 * The callbacks and the deadline (on the filter's scheduler thread) are serialised by
 * this object's monitor. After a 408 the request is never completed with its body unread:
 * Tomcat would then read (swallow) the rest of the body on a worker thread, as slowly as
 * the client sends it. Instead the connection ends on the client's next byte (a callback
 * that throws makes Tomcat close the connection without swallowing), or, if the client
 * sends nothing more, at Tomcat's per-read timeout
 * ({@code server.tomcat.connection-timeout}).
 */
final class WebhookBodyReader implements ReadListener, AsyncListener {

	private static final Log logger = LogFactory.getLog(WebhookBodyReader.class);

	private final WebhookBodyFilter filter;

	private final AsyncContext async;

	private final ServletInputStream input;

	private final long arrivalNanos;

	/**
	 * The limit for a chunked body, which grows the buffer up to one byte past it; -1 for
	 * a body of known length, whose buffer has that length.
	 */
	private final long chunkedLimit;

	private byte[] buffer;

	private int length;

	private @Nullable Future<?> deadline;

	private State state = State.READING;

	WebhookBodyReader(WebhookBodyFilter filter, AsyncContext async, ServletInputStream input, byte[] buffer, int length,
			long chunkedLimit, long arrivalNanos) {
		this.filter = filter;
		this.async = async;
		this.input = input;
		this.buffer = buffer;
		this.length = length;
		this.chunkedLimit = chunkedLimit;
		this.arrivalNanos = arrivalNanos;
	}

	synchronized void deadlineScheduled(Future<?> deadline) {
		this.deadline = deadline;
	}

	@Override
	public synchronized void onDataAvailable() throws IOException {
		if (this.state == State.ANSWERED) {
			discardAvailable();
			// Tomcat closes the connection when a read callback throws, without
			// swallowing
			// the rest of the body; for this exception type it also skips its error page
			// (the 408 is out already).
			throw new ClientAbortException("Webhook body abandoned after its read deadline");
		}
		if (this.state != State.READING) {
			return;
		}
		try {
			while (this.input.isReady()) {
				if (this.length == this.buffer.length) {
					if (this.chunkedLimit < 0) {
						// All of a body of known length: onAllDataRead follows.
						return;
					}
					if (!grow()) {
						finish(ReceivedBody.tooLarge(this.arrivalNanos));
						return;
					}
				}
				int read = this.input.read(this.buffer, this.length, this.buffer.length - this.length);
				if (read < 0) {
					return;
				}
				this.length += read;
			}
		}
		catch (IOException ex) {
			// A malformed chunk, a body shorter than its Content-Length. Tomcat ends an
			// asynchronous request whose read failed through onError, which answers.
			this.state = State.FAILED;
			throw ex;
		}
	}

	@Override
	public synchronized void onAllDataRead() {
		if (this.state == State.READING) {
			byte[] body = (this.length == this.buffer.length) ? this.buffer : Arrays.copyOf(this.buffer, this.length);
			finish(ReceivedBody.complete(body, this.arrivalNanos));
		}
		else if (this.state == State.ANSWERED) {
			// The whole body is in after all: nothing is left to swallow.
			this.state = State.DONE;
			this.async.complete();
		}
	}

	/**
	 * Called by Tomcat when reading failed (or a callback threw), with the response
	 * writable again; once this returns, Tomcat closes the connection without writing
	 * anything more, so the 400 is flushed here.
	 */
	@Override
	public synchronized void onError(Throwable failure) {
		if (logger.isDebugEnabled()) {
			logger.debug("Webhook body read ended in " + this.state + ": " + failure);
		}
		if (this.state == State.READING || this.state == State.FAILED) {
			this.filter.answerUnreadable((HttpServletResponse) this.async.getResponse(), this.arrivalNanos);
		}
		end();
	}

	/**
	 * Runs on the filter's scheduler thread when the deadline passes.
	 */
	synchronized void deadlinePassed() {
		if (this.state != State.READING) {
			return;
		}
		this.state = State.ANSWERED;
		try {
			this.filter.answerTimedOut((HttpServletResponse) this.async.getResponse(), this.arrivalNanos);
		}
		catch (IOException | RuntimeException ex) {
			// The client is gone: there is nothing left to read on its connection either.
			this.state = State.DONE;
			this.async.complete();
		}
	}

	@Override
	public synchronized void onTimeout(AsyncEvent event) throws IOException {
		// Tomcat's asynchronous timeout, a backstop well after the deadline.
		if (this.state == State.READING) {
			deadlinePassed();
		}
		if (this.state != State.DONE) {
			end();
			this.async.complete();
		}
	}

	@Override
	public synchronized void onError(AsyncEvent event) {
		end();
	}

	@Override
	public synchronized void onComplete(AsyncEvent event) {
		end();
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

	private void finish(ReceivedBody body) {
		end();
		this.async.getRequest().setAttribute(ReceivedBody.ATTRIBUTE, body);
		this.async.dispatch();
	}

	private void end() {
		this.state = State.DONE;
		if (this.deadline != null) {
			this.deadline.cancel(false);
		}
	}

	/**
	 * Grows the buffer of a chunked body, to one byte past the limit at most.
	 * @return whether there is room for more, false when the body is too large
	 */
	private boolean grow() {
		if (this.length > this.chunkedLimit) {
			return false;
		}
		int size = (int) Math.min((long) this.buffer.length * 2, this.chunkedLimit + 1);
		this.buffer = Arrays.copyOf(this.buffer, size);
		return true;
	}

	/**
	 * Reads what has arrived, so that closing the connection does not reset it with
	 * unread bytes before the client has read its 408.
	 */
	private void discardAvailable() {
		byte[] discard = new byte[1024];
		int rounds = 0;
		try {
			while (rounds++ < 64 && this.input.isReady() && this.input.read(discard) >= 0) {
				// Reading is the point.
			}
		}
		catch (IOException ex) {
			// The connection is ending anyway.
		}
	}

	private enum State {

		/**
		 * Collecting the body.
		 */
		READING,

		/**
		 * Answered 408; the rest of the body is not wanted.
		 */
		ANSWERED,

		/**
		 * Reading failed; Tomcat calls onError next.
		 */
		FAILED,

		/**
		 * Dispatched to the endpoint, answered, or completed.
		 */
		DONE

	}

}

package io.github.wherebytrigger.webhook;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a webhook's body before the endpoint sees it, without holding a Tomcat worker
 * thread while the bytes are on their way, and within a total deadline
 * ({@code whereby.webhook.body-read-timeout}).
 * <p>
 * A blocking read would let a few hundred clients that trickle their bodies byte by byte
 * hold every worker, and Whereby's signed webhooks would wait behind them; per-read
 * socket timeouts do not bound a trickle. So:
 * <ul>
 * <li>a body that has arrived with its headers (Whereby's, nearly always) is taken from
 * Tomcat's buffer on the spot, and the request goes on to the endpoint on the same
 * thread: no asynchronous round trip;</li>
 * <li>otherwise the request becomes asynchronous, the worker is released, and a
 * {@link WebhookBodyReader} collects the rest as it arrives, then dispatches the request
 * back to the endpoint with the body as a {@link ReceivedBody} attribute;</li>
 * <li>a body not in by the deadline is answered 408 with {@code Connection: close}.</li>
 * </ul>
 * The endpoint keeps every other answer (413, 400, 401...). Declared bodies over the
 * limit are answered 413 without being read, and Tomcat is told not to swallow them (see
 * {@code WebhookConfiguration}).
 */
final class WebhookBodyFilter extends OncePerRequestFilter {

	/**
	 * How much longer than the deadline Tomcat's own asynchronous timeout waits: only a
	 * backstop, the deadline and Tomcat's per-read timeout end connections long before.
	 */
	private static final long ASYNC_TIMEOUT_BACKSTOP_MILLIS = 30_000;

	private static final int CHUNKED_INITIAL_BUFFER = 8192;

	private final String path;

	private final long maxBodySize;

	private final Duration timeout;

	private final WebhookMetrics metrics;

	private final ScheduledThreadPoolExecutor deadlines;

	WebhookBodyFilter(String path, long maxBodySize, Duration timeout, WebhookMetrics metrics) {
		this.path = path;
		this.maxBodySize = maxBodySize;
		this.timeout = timeout;
		this.metrics = metrics;
		this.deadlines = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "webhook-body-deadline");
			thread.setDaemon(true);
			return thread;
		});
		this.deadlines.setRemoveOnCancelPolicy(true);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !WebhookContentTypeFilter.isWebhookPost(request, this.path);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long arrivalNanos = System.nanoTime();
		long declared = request.getContentLengthLong();
		if (declared > this.maxBodySize) {
			forward(ReceivedBody.tooLarge(arrivalNanos), request, response, chain);
			return;
		}
		if (!request.isAsyncSupported()) {
			// Not on Tomcat with asynchronous filters (a test's mock request, say): the
			// endpoint reads the stream itself.
			chain.doFilter(request, response);
			return;
		}
		byte[] buffer = new byte[(declared >= 0) ? (int) declared
				: (int) Math.min(this.maxBodySize + 1, CHUNKED_INITIAL_BUFFER)];
		int length = 0;
		if (declared >= 0) {
			try {
				length = readBuffered(request.getInputStream(), buffer);
			}
			catch (IOException ex) {
				forward(ReceivedBody.unreadable(arrivalNanos), request, response, chain);
				return;
			}
			if (length == buffer.length) {
				forward(ReceivedBody.complete(buffer, arrivalNanos), request, response, chain);
				return;
			}
		}
		readAsynchronously(request, response, buffer, length, declared < 0, arrivalNanos);
	}

	/**
	 * Hands the body, read on this thread, to the endpoint.
	 */
	private static void forward(ReceivedBody body, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		request.setAttribute(ReceivedBody.ATTRIBUTE, body);
		chain.doFilter(request, response);
	}

	/**
	 * Takes what Tomcat already holds of a body of known length, never waiting for the
	 * network: {@code available()} counts only bytes read from the socket with the
	 * headers, so each read below returns at once. (A chunked body is not read this way:
	 * its next chunk header may be incomplete, and parsing it would block.)
	 */
	private static int readBuffered(ServletInputStream input, byte[] buffer) throws IOException {
		int length = 0;
		while (length < buffer.length && input.available() > 0) {
			int read = input.read(buffer, length, buffer.length - length);
			if (read < 0) {
				break;
			}
			length += read;
		}
		return length;
	}

	private void readAsynchronously(HttpServletRequest request, HttpServletResponse response, byte[] buffer, int length,
			boolean chunked, long arrivalNanos) throws IOException {
		AsyncContext async = request.startAsync();
		async.setTimeout(this.timeout.toMillis() + ASYNC_TIMEOUT_BACKSTOP_MILLIS);
		WebhookBodyReader reader = new WebhookBodyReader(this, async, request.getInputStream(), buffer, length,
				chunked ? this.maxBodySize : -1, arrivalNanos);
		synchronized (reader) {
			async.addListener(reader);
			long remaining = arrivalNanos + this.timeout.toNanos() - System.nanoTime();
			ScheduledFuture<?> deadline = this.deadlines.schedule(reader::deadlinePassed, Math.max(0, remaining),
					TimeUnit.NANOSECONDS);
			reader.deadlineScheduled(deadline);
			request.getInputStream().setReadListener(reader);
		}
	}

	/**
	 * Answers a body that missed its deadline: 408, and the connection is not reused. The
	 * response is flushed at once, because Tomcat, were the request completed with its
	 * body unread, would first read (swallow) the rest of that body on a worker thread.
	 * @param response the response of the request
	 * @param arrivalNanos when the request arrived
	 */
	void answerTimedOut(HttpServletResponse response, long arrivalNanos) throws IOException {
		try {
			response.setHeader(HttpHeaders.CONNECTION, "close");
			ProblemDetailWriter.write(
					response, HttpStatus.REQUEST_TIMEOUT, "The webhook body did not arrive within "
							+ this.timeout.toMillis() + " ms of its headers (whereby.webhook.body-read-timeout)",
					this.path);
			response.flushBuffer();
		}
		finally {
			this.metrics.refused(WebhookMetrics.UNKNOWN_TYPE, "timed-out",
					"the body did not arrive within " + this.timeout.toMillis() + " ms", arrivalNanos);
		}
	}

	/**
	 * Answers a body whose asynchronous reading failed (a malformed chunk, a body shorter
	 * than its Content-Length, a client gone) with the 400 the endpoint gives when the
	 * same happens on a synchronous read.
	 * @param response the response of the request
	 * @param arrivalNanos when the request arrived
	 */
	void answerUnreadable(HttpServletResponse response, long arrivalNanos) {
		try {
			response.setHeader(HttpHeaders.CONNECTION, "close");
			ProblemDetailWriter.write(response, HttpStatus.BAD_REQUEST, "The request body could not be read",
					this.path);
			response.flushBuffer();
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone, or the response was sent already.
		}
		finally {
			this.metrics.refused(WebhookMetrics.UNKNOWN_TYPE, "unreadable", "the body could not be read", arrivalNanos);
		}
	}

	@Override
	public void destroy() {
		this.deadlines.shutdownNow();
	}

}

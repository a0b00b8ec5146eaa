package io.github.wherebytrigger.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Serves the webhook path, beside Spring MVC's {@code DispatcherServlet}: {@code POST}
 * receives webhooks ({@link WebhookEndpoint}), {@code GET} and {@code HEAD} answer
 * probes, any other method 405 naming the allowed ones. A servlet of its own spares every
 * webhook MVC's dispatch (its handler mapping alone, copying every header into a
 * {@code ServerRequest} and matching routes, took 8% of the benchmark's profile). The
 * filters still run; an exception the endpoint does not answer goes to the container's
 * error page, an RFC 9457 problem like every other answer.
 * <p>
 * A webhook that launches or stops assistants is answered asynchronously, when a thread
 * of {@link WebhookActions} has carried it out. Its deadline is Whereby's; the
 * asynchronous request's own timeout is only a backstop, answered 503.
 */
final class WebhookServlet extends HttpServlet {

	static final String ALLOWED_METHODS = "GET,HEAD,POST";

	private static final long ASYNC_TIMEOUT_MILLIS = 30_000;

	private static final byte[] READY = "{\"status\":\"ready\"}".getBytes(StandardCharsets.UTF_8);

	private static final Log logger = LogFactory.getLog(WebhookEndpoint.class);

	private final transient WebhookEndpoint endpoint;

	private final String path;

	WebhookServlet(WebhookEndpoint endpoint, String path) {
		this.endpoint = endpoint;
		this.path = path;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		switch (request.getMethod()) {
			case "POST" -> receive(request, response);
			case "GET" -> ready(response, true);
			case "HEAD" -> ready(response, false);
			default -> {
				// Not 404 "Nothing is served at this path": the path exists.
				response.setHeader(HttpHeaders.ALLOW, ALLOWED_METHODS);
				ProblemDetailWriter.write(response, HttpStatus.METHOD_NOT_ALLOWED,
						"Webhooks are delivered with POST; GET answers probes", this.path);
			}
		}
	}

	private void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
		CompletableFuture<WebhookAnswer> answer = this.endpoint.receive(request);
		if (answer.isDone()) {
			// Done on this thread, or already on an action thread: it may have failed.
			answer.whenComplete((done, failure) -> write(done, failure, response));
			return;
		}
		AsyncContext async = request.startAsync(request, response);
		async.setTimeout(ASYNC_TIMEOUT_MILLIS);
		AtomicBoolean answered = new AtomicBoolean();
		async.addListener(new AsyncListener() {

			@Override
			public void onTimeout(AsyncEvent event) throws IOException {
				if (answered.compareAndSet(false, true)) {
					response.setHeader(HttpHeaders.RETRY_AFTER, WebhookAnswer.RETRY_AFTER_SECONDS);
					ProblemDetailWriter.write(response, HttpStatus.SERVICE_UNAVAILABLE,
							"Handling the webhook did not finish in time", WebhookServlet.this.path);
					async.complete();
				}
			}

			@Override
			public void onComplete(AsyncEvent event) {
			}

			@Override
			public void onError(AsyncEvent event) {
			}

			@Override
			public void onStartAsync(AsyncEvent event) {
			}

		});
		answer.whenComplete((done, failure) -> {
			if (answered.compareAndSet(false, true)) {
				write(done, failure, response);
				async.complete();
			}
		});
	}

	private void write(@Nullable WebhookAnswer answer, @Nullable Throwable failure, HttpServletResponse response) {
		try {
			if (failure == null && answer != null) {
				answer.writeTo(response);
				return;
			}
			Throwable cause = (failure instanceof CompletionException completion && completion.getCause() != null)
					? completion.getCause() : failure;
			logger.error("Handling a webhook failed, answering 500 so that Whereby delivers it again", cause);
			ProblemDetailWriter.write(response, HttpStatus.INTERNAL_SERVER_ERROR, "The request failed on the server",
					this.path);
		}
		catch (IOException ex) {
			// The client is gone; the webhook was handled all the same.
			logger.debug("The answer to a webhook could not be written: " + ex.getMessage());
		}
	}

	private static void ready(HttpServletResponse response, boolean withBody) throws IOException {
		response.setStatus(HttpStatus.OK.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(READY.length);
		if (withBody) {
			response.getOutputStream().write(READY);
		}
	}

}

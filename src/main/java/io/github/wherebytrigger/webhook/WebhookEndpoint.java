package io.github.wherebytrigger.webhook;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;

import io.github.wherebytrigger.system.LogText;
import io.github.wherebytrigger.state.StateUnavailableException;

/**
 * The endpoint Whereby delivers webhooks to. Every request gets the status Whereby acts
 * on: 200 for anything accepted (including types this service ignores), 4xx for requests
 * that a redelivery cannot fix, and 503 for failures it can.
 * <ol>
 * <li>415 unless the body is JSON (answered by {@link WebhookContentTypeFilter});</li>
 * <li>408 if the body did not arrive within {@code whereby.webhook.body-read-timeout}
 * (answered by {@link WebhookBodyFilter}, which reads the body without holding a worker
 * thread);</li>
 * <li>413 if the body is larger than {@code whereby.webhook.max-body-size}, declared or
 * read;</li>
 * <li>401 unless {@code Whereby-Signature} is valid for the raw bytes;</li>
 * <li>400 if the body is not a webhook, naming the field;</li>
 * <li>200 {@code ignored} for event types this service does not act on, {@code duplicate}
 * for an event already handled; otherwise the event is published as an application event
 * and handed to the {@link WebhookHandler};</li>
 * <li>503 with {@code Retry-After} when handling failed in a way a redelivery may
 * fix.</li>
 * </ol>
 * Triggers are evaluated on the request thread; a webhook whose handling launches or
 * stops assistants, and so waits for a launcher, is then carried out on a thread of
 * {@link WebhookActions} and answered asynchronously, so that no webhook waits for a
 * request thread held by a launch.
 */
final class WebhookEndpoint {

	static final String SIGNATURE_HEADER = "Whereby-Signature";

	/**
	 * Observation of each accepted webhook, for tracing (made only when the application
	 * has a tracing handler, see {@code TracingObservations}); its meters are switched
	 * off in favour of {@code whereby.webhooks}.
	 */
	static final String OBSERVATION = "whereby.webhook.handling";

	/**
	 * Whereby waits this long for an answer; waiting longer for anything is pointless.
	 */
	private static final Duration WHEREBY_TIMEOUT = Duration.ofMillis(4500);

	private static final Log logger = LogFactory.getLog(WebhookEndpoint.class);

	private final WebhookProperties properties;

	private final @Nullable WebhookSignatureVerifier verifier;

	private final WebhookParser parser;

	private final WebhookDeduplicator deduplicator;

	private final WebhookHandler handler;

	private final ApplicationEventPublisher publisher;

	private final WebhookMetrics metrics;

	private final String instance;

	private final ObservationRegistry observationRegistry;

	private final Executor actions;

	WebhookEndpoint(WebhookProperties properties, @Nullable WebhookSignatureVerifier verifier, WebhookParser parser,
			WebhookDeduplicator deduplicator, WebhookHandler handler, ApplicationEventPublisher publisher,
			WebhookMetrics metrics, ObservationRegistry observationRegistry, Executor actions) {
		this.actions = actions;
		this.observationRegistry = observationRegistry;
		this.properties = properties;
		this.verifier = verifier;
		this.parser = parser;
		this.deduplicator = deduplicator;
		this.handler = handler;
		this.publisher = publisher;
		this.metrics = metrics;
		this.instance = properties.getPath();
	}

	/**
	 * Receives one webhook POST.
	 * @param request the request, its body read by {@link WebhookBodyFilter} (or not yet
	 * read, outside Tomcat)
	 * @return the answer: already complete, or completed on a thread of
	 * {@link WebhookActions} for a webhook that launches or stops assistants
	 * @throws IOException if the body, not read yet, cannot be read
	 */
	CompletableFuture<WebhookAnswer> receive(HttpServletRequest request) throws IOException {
		// The Content-Type was checked by WebhookContentTypeFilter, the body read by
		// WebhookBodyFilter.
		ReceivedBody received = (ReceivedBody) request.getAttribute(ReceivedBody.ATTRIBUTE);
		if (received == null) {
			received = ReceivedBody.readBlocking(request, this.properties.getMaxBodySize().toBytes());
		}
		long arrivalNanos = received.arrivalNanos();
		WebhookAnswer answer = new WebhookAnswer(this.metrics, this.instance, arrivalNanos);
		boolean answeredLater = false;
		try {
			if (received.outcome() == ReceivedBody.Outcome.UNREADABLE) {
				// A malformed chunk, a body shorter than its Content-Length, a client
				// gone.
				return now(answer.refused(HttpStatus.BAD_REQUEST, "unreadable", "the body could not be read",
						"The request body could not be read"));
			}
			byte[] body = received.bytes();
			if (received.outcome() == ReceivedBody.Outcome.TOO_LARGE) {
				long limit = this.properties.getMaxBodySize().toBytes();
				return now(answer.refused(HttpStatus.CONTENT_TOO_LARGE, "too-large",
						"the body is larger than " + limit + " bytes",
						"Webhook bodies are limited to " + limit + " bytes"));
			}
			String refused = refusedSignature(body, request.getHeader(SIGNATURE_HEADER));
			if (refused != null) {
				return now(answer.refused(HttpStatus.UNAUTHORIZED, "unauthorized", refused,
						"The " + SIGNATURE_HEADER + " header is missing or not valid for this endpoint"));
			}
			ParsedWebhook parsed = this.parser.parse(body);
			answer.type((parsed instanceof ParsedWebhook.Handled) ? parsed.type() : WebhookMetrics.OTHER_TYPE);
			WebhookLog.putContext(parsed);
			if (!(parsed instanceof ParsedWebhook.Handled handled)) {
				return now(answer.handled(observed(parsed,
						() -> new WebhookResult(parsed.id(), parsed.type(), WebhookOutcome.IGNORED, List.of(), null))));
			}
			WherebyWebhook webhook = handled.webhook();
			WebhookHandler.Handling handling = this.deduplicator.prepare(webhook, () -> this.handler.prepare(webhook),
					() -> this.handler.roomUrl(webhook));
			if (!handling.acts()) {
				return now(answer.handled(observed(parsed, () -> handleOnce(webhook, handling, arrivalNanos))));
			}
			// Launching or stopping waits for a launcher: on a thread of its own, so that
			// no webhook waits for a request thread behind it.
			CompletableFuture<WebhookAnswer> later = CompletableFuture.supplyAsync(() -> {
				try {
					return answer.handled(observed(parsed, () -> handleOnce(webhook, handling, arrivalNanos)));
				}
				catch (RetryLaterException | StateUnavailableException ex) {
					return answer.unavailable(ex);
				}
				finally {
					answer.finish();
				}
			}, this.actions);
			answeredLater = true;
			return later;
		}
		catch (InvalidWebhookException ex) {
			return now(answer.refused(HttpStatus.BAD_REQUEST, "invalid", ex.getMessage(), ex.getMessage()));
		}
		catch (RetryLaterException | StateUnavailableException ex) {
			return now(answer.unavailable(ex));
		}
		catch (RejectedExecutionException ex) {
			return now(
					answer.unavailable(new RetryLaterException("Too many webhooks are waiting to launch or stop", ex)));
		}
		finally {
			if (!answeredLater) {
				answer.finish();
			}
			WebhookLog.clearContext();
		}
	}

	private static CompletableFuture<WebhookAnswer> now(WebhookAnswer answer) {
		return CompletableFuture.completedFuture(answer);
	}

	/**
	 * Handles the webhook inside an observation, so that a tracing bridge, when the
	 * application has one, gets a span per webhook with the launcher calls as children.
	 */
	private WebhookResult observed(ParsedWebhook parsed, Supplier<WebhookResult> handling) {
		if (this.observationRegistry.isNoop()) {
			return handling.get();
		}
		Observation observation = Observation.createNotStarted(OBSERVATION, this.observationRegistry)
			.contextualName("webhook " + parsed.type())
			.lowCardinalityKeyValue("type",
					(parsed instanceof ParsedWebhook.Handled) ? parsed.type() : WebhookMetrics.OTHER_TYPE)
			.highCardinalityKeyValue("event.id", parsed.id())
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			WebhookResult result = handling.get();
			observation.lowCardinalityKeyValue("outcome", result.outcome().value());
			return result;
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/** Claims the event id, publishes the event and carries the handling out, once. */
	private WebhookResult handleOnce(WherebyWebhook webhook, WebhookHandler.Handling handling, long arrivalNanos) {
		long deadlineNanos = arrivalNanos + WHEREBY_TIMEOUT.toNanos();
		return this.deduplicator.handleOnce(webhook, deadlineNanos, handling, () -> publish(webhook), arrivalNanos,
				() -> this.handler.roomUrl(webhook));
	}

	private void publish(WherebyWebhook webhook) {
		try {
			this.publisher.publishEvent(webhook);
		}
		catch (RuntimeException ex) {
			// A listener's failure must not cost the event its triggers.
			logger.error("An application event listener failed on webhook " + LogText.escape(webhook.id()), ex);
		}
	}

	/**
	 * Why the signature is refused, {@code null} when it is valid.
	 */
	private @Nullable String refusedSignature(byte[] body, @Nullable String header) {
		if (this.verifier == null) {
			return null;
		}
		try {
			this.verifier.verify(body, header);
			return null;
		}
		catch (WebhookSignatureException ex) {
			return "signature " + ex.reason().name().toLowerCase(Locale.ROOT) + ": " + ex.getMessage();
		}
	}

}

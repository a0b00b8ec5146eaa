package io.github.wherebytrigger.webhook;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

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

	private static final String RETRY_AFTER_SECONDS = "1";

	private static final Log logger = LogFactory.getLog(WebhookEndpoint.class);

	/**
	 * Writes the answer to an accepted webhook. Like the parser, the endpoint keeps its
	 * wire format to itself (the application's Jackson settings do not change it), and
	 * bytes skip the search through the message converters (about 5% of a webhook's
	 * handling in the benchmark's profiles).
	 */
	private static final ObjectWriter ANSWER = JsonMapper.builder(WireJson.factory())
		.build()
		.writerFor(WebhookResult.class);

	private final WebhookProperties properties;

	private final @Nullable WebhookSignatureVerifier verifier;

	private final WebhookParser parser;

	private final WebhookDeduplicator deduplicator;

	private final WebhookHandler handler;

	private final ApplicationEventPublisher publisher;

	private final WebhookMetrics metrics;

	private final URI instance;

	private final ObservationRegistry observationRegistry;

	WebhookEndpoint(WebhookProperties properties, @Nullable WebhookSignatureVerifier verifier, WebhookParser parser,
			WebhookDeduplicator deduplicator, WebhookHandler handler, ApplicationEventPublisher publisher,
			WebhookMetrics metrics, ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
		this.properties = properties;
		this.verifier = verifier;
		this.parser = parser;
		this.deduplicator = deduplicator;
		this.handler = handler;
		this.publisher = publisher;
		this.metrics = metrics;
		this.instance = URI.create(properties.getPath());
	}

	/**
	 * The routes: {@code POST} receives webhooks, {@code GET} answers 200 for probes, any
	 * other method 405 with {@code Allow}.
	 * @return the router function
	 */
	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET(this.properties.getPath(),
					(request) -> ServerResponse.ok()
						.contentType(MediaType.APPLICATION_JSON)
						.body(Map.of("status", "ready")))
			.POST(this.properties.getPath(), (request) -> receive(request.servletRequest()))
			// Any other method: 405 naming the allowed ones, not 404 "No static
			// resource".
			.route(RequestPredicates.path(this.properties.getPath()), (request) -> problem(
					HttpStatus.METHOD_NOT_ALLOWED, "Webhooks are delivered with POST; GET answers probes",
					(headers) -> headers.setAllow(new LinkedHashSet<>(List.of(HttpMethod.GET, HttpMethod.POST)))))
			.build();
	}

	ServerResponse receive(HttpServletRequest request) throws IOException {
		// The Content-Type was checked by WebhookContentTypeFilter, the body read by
		// WebhookBodyFilter.
		ReceivedBody received = (ReceivedBody) request.getAttribute(ReceivedBody.ATTRIBUTE);
		if (received == null) {
			received = ReceivedBody.readBlocking(request, this.properties.getMaxBodySize().toBytes());
		}
		long arrivalNanos = received.arrivalNanos();
		String type = WebhookMetrics.UNKNOWN_TYPE;
		String outcome = "error";
		String reason = "an unexpected error";
		WebhookResult result = null;
		try {
			if (received.outcome() == ReceivedBody.Outcome.UNREADABLE) {
				// A malformed chunk, a body shorter than its Content-Length, a client
				// gone.
				outcome = "unreadable";
				reason = "the body could not be read";
				return problem(HttpStatus.BAD_REQUEST, "The request body could not be read");
			}
			byte[] body = received.bytes();
			if (received.outcome() == ReceivedBody.Outcome.TOO_LARGE) {
				outcome = "too-large";
				reason = "the body is larger than " + this.properties.getMaxBodySize().toBytes() + " bytes";
				return problem(HttpStatus.CONTENT_TOO_LARGE,
						"Webhook bodies are limited to " + this.properties.getMaxBodySize().toBytes() + " bytes");
			}
			String refused = refusedSignature(body, request.getHeader(SIGNATURE_HEADER));
			if (refused != null) {
				outcome = "unauthorized";
				reason = refused;
				return problem(HttpStatus.UNAUTHORIZED,
						"The " + SIGNATURE_HEADER + " header is missing or not valid for this endpoint");
			}
			ParsedWebhook parsed = this.parser.parse(body);
			type = (parsed instanceof ParsedWebhook.Handled) ? parsed.type() : WebhookMetrics.OTHER_TYPE;
			WebhookLog.putContext(parsed);
			result = observedHandle(parsed, arrivalNanos);
			outcome = result.outcome().value();
			return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(ANSWER.writeValueAsBytes(result));
		}
		catch (InvalidWebhookException ex) {
			outcome = "invalid";
			reason = ex.getMessage();
			return problem(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		catch (RetryLaterException | StateUnavailableException ex) {
			outcome = "unavailable";
			reason = "answered 503: " + ex.getMessage();
			logger.warn("Webhook not handled, answering 503 so that Whereby delivers it again: " + ex.getMessage());
			return problem(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage(),
					(headers) -> headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS));
		}
		finally {
			if (result != null) {
				this.metrics.record(type, outcome, arrivalNanos);
				WebhookLog.handled(outcome, result, arrivalNanos);
			}
			else {
				this.metrics.refused(type, outcome, reason, arrivalNanos);
			}
			WebhookLog.clearContext();
		}
	}

	/**
	 * Handles the webhook inside an observation, so that a tracing bridge, when the
	 * application has one, gets a span per webhook with the launcher calls as children.
	 */
	private WebhookResult observedHandle(ParsedWebhook parsed, long arrivalNanos) {
		if (this.observationRegistry.isNoop()) {
			return handle(parsed, arrivalNanos);
		}
		Observation observation = Observation.createNotStarted(OBSERVATION, this.observationRegistry)
			.contextualName("webhook " + parsed.type())
			.lowCardinalityKeyValue("type",
					(parsed instanceof ParsedWebhook.Handled) ? parsed.type() : WebhookMetrics.OTHER_TYPE)
			.highCardinalityKeyValue("event.id", parsed.id())
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			WebhookResult result = handle(parsed, arrivalNanos);
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

	private WebhookResult handle(ParsedWebhook parsed, long arrivalNanos) {
		if (parsed instanceof ParsedWebhook.Handled handled) {
			WherebyWebhook webhook = handled.webhook();
			long deadlineNanos = arrivalNanos + WHEREBY_TIMEOUT.toNanos();
			return this.deduplicator.handleOnce(webhook, deadlineNanos, () -> this.handler.prepare(webhook),
					() -> publish(webhook), arrivalNanos, () -> this.handler.roomUrl(webhook));
		}
		return new WebhookResult(parsed.id(), parsed.type(), WebhookOutcome.IGNORED, List.of(), null);
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

	private ServerResponse problem(HttpStatus status, String detail) {
		return problem(status, detail, (headers) -> {
		});
	}

	private ServerResponse problem(HttpStatus status, String detail, Consumer<HttpHeaders> headers) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(this.instance);
		return ServerResponse.status(status)
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}

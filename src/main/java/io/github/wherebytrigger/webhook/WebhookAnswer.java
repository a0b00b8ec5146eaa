package io.github.wherebytrigger.webhook;

import java.net.URI;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The answer to one webhook request and what is recorded of it: the
 * {@code whereby.webhooks} timer, the INFO line of a handled webhook or the refusal's
 * reason. {@link #finish()} records it once, on whichever thread answered: the request's,
 * or the one that handled a webhook that launches or stops assistants.
 */
final class WebhookAnswer {

	private static final Log logger = LogFactory.getLog(WebhookEndpoint.class);

	private static final String RETRY_AFTER_SECONDS = "1";

	/**
	 * Writes the answer to an accepted webhook. Like the parser, the endpoint keeps its
	 * wire format to itself (the application's Jackson settings do not change it), and
	 * bytes skip the search through the message converters (about 5% of a webhook's
	 * handling in the benchmark's profiles).
	 */
	private static final ObjectWriter ANSWER = JsonMapper.builder(WireJson.factory())
		.build()
		.writerFor(WebhookResult.class);

	private final WebhookMetrics metrics;

	private final URI instance;

	private final long arrivalNanos;

	private String type = WebhookMetrics.UNKNOWN_TYPE;

	private String outcome = "error";

	private String reason = "an unexpected error";

	private @Nullable WebhookResult result;

	WebhookAnswer(WebhookMetrics metrics, URI instance, long arrivalNanos) {
		this.metrics = metrics;
		this.instance = instance;
		this.arrivalNanos = arrivalNanos;
	}

	void type(String type) {
		this.type = type;
	}

	/** 200 with what was done. */
	ServerResponse handled(WebhookResult result) {
		this.result = result;
		this.outcome = result.outcome().value();
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(ANSWER.writeValueAsBytes(result));
	}

	/** A refusal that a redelivery cannot fix. */
	ServerResponse refused(HttpStatus status, String outcome, String reason, String detail) {
		return refused(status, outcome, reason, detail, (headers) -> {
		});
	}

	ServerResponse refused(HttpStatus status, String outcome, String reason, String detail,
			Consumer<HttpHeaders> headers) {
		this.outcome = outcome;
		this.reason = reason;
		return problem(this.instance, status, detail, headers);
	}

	/** 503 with {@code Retry-After}: handling failed in a way a redelivery may fix. */
	ServerResponse unavailable(RuntimeException ex) {
		logger.warn("Webhook not handled, answering 503 so that Whereby delivers it again: " + ex.getMessage());
		return refused(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "answered 503: " + ex.getMessage(),
				ex.getMessage(), (headers) -> headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS));
	}

	/** Records the answer: once, when it is known. */
	void finish() {
		if (this.result != null) {
			this.metrics.record(this.type, this.outcome, this.arrivalNanos);
			WebhookLog.handled(this.outcome, this.result, this.arrivalNanos);
		}
		else {
			this.metrics.refused(this.type, this.outcome, this.reason, this.arrivalNanos);
		}
	}

	static ServerResponse problem(URI instance, HttpStatus status, String detail, Consumer<HttpHeaders> headers) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(instance);
		return ServerResponse.status(status)
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}

package io.github.wherebytrigger.webhook;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The answer to one webhook request and what is recorded of it: the
 * {@code whereby.webhooks} timer, the INFO line of a handled webhook or the refusal's
 * reason. {@link #finish()} records it once, on whichever thread answered: the request's,
 * or the one that handled a webhook that launches or stops assistants;
 * {@link #writeTo(HttpServletResponse)} writes it.
 */
final class WebhookAnswer {

	private static final Log logger = LogFactory.getLog(WebhookEndpoint.class);

	/** What a 503 asks Whereby to wait before it delivers again. */
	static final String RETRY_AFTER_SECONDS = "1";

	/**
	 * Writes the answer to an accepted webhook. Like the parser, the endpoint keeps its
	 * wire format to itself (the application's Jackson settings do not change it).
	 */
	private static final ObjectWriter ANSWER = JsonMapper.builder(WireJson.factory())
		.build()
		.writerFor(WebhookResult.class);

	private final WebhookMetrics metrics;

	private final String instance;

	private final long arrivalNanos;

	private String type = WebhookMetrics.UNKNOWN_TYPE;

	private String outcome = "error";

	private String reason = "an unexpected error";

	private @Nullable WebhookResult result;

	private HttpStatus status = HttpStatus.INTERNAL_SERVER_ERROR;

	private byte[] body = new byte[0];

	private @Nullable String retryAfter;

	WebhookAnswer(WebhookMetrics metrics, String instance, long arrivalNanos) {
		this.metrics = metrics;
		this.instance = instance;
		this.arrivalNanos = arrivalNanos;
	}

	void type(String type) {
		this.type = type;
	}

	/** 200 with what was done. */
	WebhookAnswer handled(WebhookResult result) {
		this.result = result;
		this.outcome = result.outcome().value();
		this.status = HttpStatus.OK;
		this.body = ANSWER.writeValueAsBytes(result);
		return this;
	}

	/** A refusal that a redelivery cannot fix. */
	WebhookAnswer refused(HttpStatus status, String outcome, String reason, String detail) {
		this.outcome = outcome;
		this.reason = reason;
		this.status = status;
		this.body = ProblemDetailWriter.body(status, detail, this.instance);
		return this;
	}

	/** 503 with {@code Retry-After}: handling failed in a way a redelivery may fix. */
	WebhookAnswer unavailable(RuntimeException ex) {
		logger.warn("Webhook not handled, answering 503 so that Whereby delivers it again: " + ex.getMessage());
		this.retryAfter = RETRY_AFTER_SECONDS;
		return refused(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "answered 503: " + ex.getMessage(),
				ex.getMessage());
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

	void writeTo(HttpServletResponse response) throws IOException {
		response.setStatus(this.status.value());
		if (this.retryAfter != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, this.retryAfter);
		}
		// A handled webhook's result, or a refusal's problem.
		response.setContentType(
				(this.result != null) ? MediaType.APPLICATION_JSON_VALUE : MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(this.body.length);
		response.getOutputStream().write(this.body);
	}

}

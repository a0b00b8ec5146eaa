package io.github.wherebytrigger.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the webhook endpoint Whereby calls.
 */
@ConfigurationProperties("whereby.webhook")
@Validated
public class WebhookProperties implements Validator {

	/**
	 * Path of the webhook endpoint: Whereby POSTs events to it, a GET answers 200.
	 */
	@Pattern(regexp = "/[A-Za-z0-9._~/-]*", message = "must start with '/' and contain only URL path characters")
	private String path = "/webhooks";

	/**
	 * Largest request body accepted; larger ones are answered 413 without being read
	 * further.
	 */
	@NotNull
	private DataSize maxBodySize = DataSize.ofKilobytes(64);

	/**
	 * Longest time the whole request body may take to arrive, counted from the end of its
	 * headers; later, the request is answered 408 and its connection closed. Bounds
	 * clients that trickle a body, which no per-read timeout does.
	 */
	@NotNull
	private Duration bodyReadTimeout = Duration.ofSeconds(2);

	/**
	 * How far the signature's timestamp may be from now, in either direction.
	 */
	@NotNull
	private Duration tolerance = Duration.ofMinutes(5);

	/**
	 * Webhook signing secrets from Whereby's dashboard. A request signed with any of them
	 * is accepted, so a secret can be rotated without downtime. As an environment
	 * variable: WHEREBY_WEBHOOK_SIGNINGSECRETS=secret1,secret2.
	 */
	private List<String> signingSecrets = new ArrayList<>();

	/**
	 * Whether to accept unsigned requests when no signing secret is configured. Only for
	 * local development: anyone who can reach the endpoint can then launch assistants.
	 */
	private boolean allowUnsigned;

	/**
	 * Threads that carry out the webhooks that launch or stop assistants, which wait for
	 * a launcher; the request threads hand them over and take the next request. Further
	 * such webhooks wait for a thread, within their deadline.
	 */
	@Min(1)
	@Max(1024)
	private int actionThreads = 64;

	/**
	 * How redeliveries of the same event are recognised.
	 */
	@Valid
	private final Deduplication deduplication = new Deduplication();

	public int getActionThreads() {
		return this.actionThreads;
	}

	public void setActionThreads(int actionThreads) {
		this.actionThreads = actionThreads;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public Duration getBodyReadTimeout() {
		return this.bodyReadTimeout;
	}

	public void setBodyReadTimeout(Duration bodyReadTimeout) {
		this.bodyReadTimeout = bodyReadTimeout;
	}

	public Duration getTolerance() {
		return this.tolerance;
	}

	public void setTolerance(Duration tolerance) {
		this.tolerance = tolerance;
	}

	public List<String> getSigningSecrets() {
		return this.signingSecrets;
	}

	public void setSigningSecrets(List<String> signingSecrets) {
		this.signingSecrets = signingSecrets;
	}

	public boolean isAllowUnsigned() {
		return this.allowUnsigned;
	}

	public void setAllowUnsigned(boolean allowUnsigned) {
		this.allowUnsigned = allowUnsigned;
	}

	public Deduplication getDeduplication() {
		return this.deduplication;
	}

	@Override
	public boolean supports(Class<?> type) {
		return WebhookProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		WebhookProperties properties = (WebhookProperties) target;
		List<String> secrets = properties.getSigningSecrets();
		if (secrets.isEmpty() && !properties.isAllowUnsigned()) {
			errors.rejectValue("signingSecrets", "required",
					"no webhook signing secret is configured: set whereby.webhook.signing-secrets "
							+ "(environment variable WHEREBY_WEBHOOK_SIGNINGSECRETS) to the secret from Whereby's "
							+ "dashboard, or set whereby.webhook.allow-unsigned=true for local development only");
		}
		if (secrets.stream().anyMatch((secret) -> secret == null || secret.isBlank())) {
			errors.rejectValue("signingSecrets", "blank", "must not contain an empty secret");
		}
		if (properties.getMaxBodySize() != null && (properties.getMaxBodySize().toBytes() < 1024
				|| properties.getMaxBodySize().toBytes() > DataSize.ofMegabytes(16).toBytes())) {
			errors.rejectValue("maxBodySize", "range", "must be between 1KB and 16MB");
		}
		if (properties.getBodyReadTimeout() != null
				&& (properties.getBodyReadTimeout().compareTo(Duration.ofMillis(100)) < 0
						|| properties.getBodyReadTimeout().compareTo(Duration.ofMillis(4500)) > 0)) {
			errors.rejectValue("bodyReadTimeout", "range",
					"must be between 100ms and 4500ms: Whereby waits 5s for the whole answer");
		}
		if (properties.getTolerance() != null && (properties.getTolerance().isNegative()
				|| properties.getTolerance().compareTo(Duration.ofHours(1)) > 0)) {
			errors.rejectValue("tolerance", "range", "must be between 0s and 1h");
		}
	}

	/**
	 * How redeliveries of the same event are recognised.
	 */
	public static class Deduplication {

		/**
		 * How long a handled event id is remembered, so its redeliveries answer
		 * 'duplicate'.
		 */
		@NotNull
		private Duration retention = Duration.ofHours(1);

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

	}

}

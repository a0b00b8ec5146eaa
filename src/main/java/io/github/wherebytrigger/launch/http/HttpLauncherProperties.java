package io.github.wherebytrigger.launch.http;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the HTTP launcher: where the worker pool is and how to call it. The same
 * settings apply under {@code whereby.assistants.<name>.http} for a named assistant.
 */
@ConfigurationProperties("whereby.launcher.http")
public class HttpLauncherProperties {

	/**
	 * URL the launch request is POSTed to, for example
	 * https://workers.internal/assistants.
	 */
	@NotNull
	private @Nullable URI url;

	/**
	 * Secret that signs each request in a Whereby-Trigger-Signature header (t=<unix
	 * seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">), so the worker can verify the
	 * caller. No header when unset.
	 */
	private @Nullable String signingSecret;

	/**
	 * Token sent as 'Authorization: Bearer <token>'. No header when unset.
	 */
	private @Nullable String bearerToken;

	/**
	 * How long to wait for a connection to the worker.
	 */
	@NotNull
	private Duration connectTimeout = Duration.ofSeconds(1);

	/**
	 * How long to wait for the worker's answer.
	 */
	@NotNull
	private Duration readTimeout = Duration.ofSeconds(2);

	/**
	 * How an assistant is stopped.
	 */
	@Valid
	private final Stop stop = new Stop();

	public @Nullable URI getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable URI url) {
		this.url = url;
	}

	public @Nullable String getSigningSecret() {
		return this.signingSecret;
	}

	public void setSigningSecret(@Nullable String signingSecret) {
		this.signingSecret = signingSecret;
	}

	public @Nullable String getBearerToken() {
		return this.bearerToken;
	}

	public void setBearerToken(@Nullable String bearerToken) {
		this.bearerToken = bearerToken;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Stop getStop() {
		return this.stop;
	}

	/**
	 * How an assistant is stopped.
	 */
	public static class Stop {

		/**
		 * HTTP method of the stop call.
		 */
		@Pattern(regexp = "DELETE|POST|PUT", message = "must be DELETE, POST or PUT")
		private String method = "DELETE";

		/**
		 * URL of the stop call; {url} is replaced by whereby.launcher.http.url and
		 * {launchKey} by the URL-encoded launch key.
		 */
		@NotBlank
		private String url = "{url}/{launchKey}";

		public String getMethod() {
			return this.method;
		}

		public void setMethod(String method) {
			this.method = method;
		}

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

	}

}

package io.github.wherebytrigger.launch.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriUtils;

import io.github.wherebytrigger.system.LogText;
import io.github.wherebytrigger.launch.AssistantLauncher;
import io.github.wherebytrigger.launch.LaunchRejectedException;
import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.launch.StopRequest;
import io.github.wherebytrigger.system.TimestampedHmac;

/**
 * Asks a worker pool over HTTP to start an assistant: POSTs {@code {assistant, roomUrl,
 * launchKey, triggers, webhook}} with an {@code Idempotency-Key}, an optional
 * {@code Whereby-Trigger-Signature} (Whereby's scheme, with our own secret) and an
 * optional bearer token. 2xx and 409 (already running) are success; 408, 429, 5xx and I/O
 * errors are retried; any other 4xx is a configuration error and rejects the launch.
 */
class HttpWorkerLauncher implements AssistantLauncher {

	static final String SIGNATURE_HEADER = "Whereby-Trigger-Signature";

	private static final Log logger = LogFactory.getLog(HttpWorkerLauncher.class);

	private final HttpLauncherProperties properties;

	private final URI url;

	/**
	 * The worker's scheme, host and port: what logs and health show of the URL, which may
	 * carry credentials.
	 */
	private final String worker;

	private final RestClient client;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	HttpWorkerLauncher(HttpLauncherProperties properties, JsonMapper jsonMapper, Clock clock) {
		this.properties = properties;
		this.url = Objects.requireNonNull(properties.getUrl(), "whereby.launcher.http.url is required");
		this.worker = this.url.getScheme() + "://" + this.url.getHost()
				+ ((this.url.getPort() >= 0) ? ":" + this.url.getPort() : "");
		// HTTP/1.1: the JDK client would otherwise offer an h2c upgrade to http://
		// workers,
		// which some servers and proxies mishandle.
		HttpClient httpClient = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.getConnectTimeout())
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(properties.getReadTimeout());
		this.client = RestClient.builder().requestFactory(requestFactory).build();
		this.jsonMapper = jsonMapper;
		this.clock = clock;
	}

	@Override
	public void launch(LaunchRequest request) throws Exception {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("assistant", request.assistant());
		payload.put("roomUrl", request.roomUrl());
		payload.put("launchKey", request.launchKey());
		payload.put("triggers", request.triggers());
		payload.put("webhook", request.webhook());
		byte[] body = this.jsonMapper.writeValueAsBytes(payload);
		HttpStatusCode status = call(HttpMethod.POST, this.url, request.launchKey(), body);
		if (status.value() == 409) {
			logger.debug("Worker says " + LogText.escape(request.launchKey()) + " already runs");
		}
		else if (!status.is2xxSuccessful()) {
			throw failure("launch", status);
		}
	}

	@Override
	public void stop(StopRequest request) throws Exception {
		if (request.launchKey() == null) {
			return;
		}
		String target = this.properties.getStop()
			.getUrl()
			.replace("{url}", stripTrailingSlash(this.url.toString()))
			.replace("{launchKey}", UriUtils.encodePathSegment(request.launchKey(), StandardCharsets.UTF_8));
		HttpMethod method = HttpMethod.valueOf(this.properties.getStop().getMethod());
		HttpStatusCode status = call(method, URI.create(target), request.launchKey(), null);
		if (!status.is2xxSuccessful() && status.value() != 404) {
			throw failure("stop", status);
		}
	}

	private HttpStatusCode call(HttpMethod method, URI target, String launchKey, byte @Nullable [] body)
			throws IOException {
		try {
			return exchange(method, target, launchKey, body);
		}
		catch (RestClientException ex) {
			// The client's message quotes the whole URL, which may carry credentials.
			throw new IOException("Could not call the worker at " + this.worker + ": " + ((ex.getRootCause() != null)
					? ex.getRootCause().getClass().getSimpleName() : ex.getClass().getSimpleName()));
		}
	}

	private HttpStatusCode exchange(HttpMethod method, URI target, String launchKey, byte @Nullable [] body) {
		RestClient.RequestBodySpec spec = this.client.method(method)
			.uri(target)
			.header("Idempotency-Key", idempotencyKey(launchKey));
		byte[] signed = (body != null) ? body : new byte[0];
		if (this.properties.getSigningSecret() != null) {
			spec.header(SIGNATURE_HEADER, TimestampedHmac.header(this.properties.getSigningSecret(),
					this.clock.instant().getEpochSecond(), signed));
		}
		if (this.properties.getBearerToken() != null) {
			spec.header("Authorization", "Bearer " + this.properties.getBearerToken());
		}
		if (body != null) {
			spec.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return spec.exchange((clientRequest, response) -> response.getStatusCode(), true);
	}

	/**
	 * The launch key as a header value: unchanged when it is visible ASCII without
	 * {@code %}; otherwise each byte of its UTF-8 outside that range (and {@code %}) as
	 * {@code %XX}, so that a room named {@code /café-会議} can be launched. The JSON body
	 * carries the key as it is.
	 */
	static String idempotencyKey(String launchKey) {
		boolean plain = launchKey.chars().allMatch((c) -> c > 0x20 && c < 0x7f && c != '%');
		if (plain) {
			return launchKey;
		}
		StringBuilder encoded = new StringBuilder(launchKey.length() * 3);
		for (byte b : launchKey.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if (c > 0x20 && c < 0x7f && c != '%') {
				encoded.append((char) c);
			}
			else {
				encoded.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return encoded.toString();
	}

	private static Exception failure(String what, HttpStatusCode status) {
		int code = status.value();
		if (code == 408 || code == 429 || status.is5xxServerError()) {
			return new IOException("Worker answered " + code + " to the " + what + " call");
		}
		return new LaunchRejectedException(
				"Worker answered " + code + " to the " + what + " call: check whereby.launcher.http settings");
	}

	private static String stripTrailingSlash(String value) {
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

	/**
	 * Up when the worker answers anything at all to a HEAD of its URL.
	 */
	@Override
	public Health health() {
		Map<String, Object> details = Map.of("worker", this.worker);
		try {
			HttpStatusCode status = this.client.head()
				.uri(this.url)
				.exchange((clientRequest, response) -> response.getStatusCode(), true);
			return Health.up().withDetails(details).withDetail("status", status.value()).build();
		}
		catch (RuntimeException ex) {
			return Health.down().withDetails(details).withDetail("error", ex.getClass().getSimpleName()).build();
		}
	}

}

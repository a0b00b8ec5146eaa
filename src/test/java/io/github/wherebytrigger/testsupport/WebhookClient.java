package io.github.wherebytrigger.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.wherebytrigger.webhook.WebhookSignatureVerifier;

/**
 * Talks to the running application the way Whereby does, over HTTP/1.1 on localhost:
 * signed deliveries to {@code /webhooks}, plain GETs, and hand-written requests over a
 * socket for what the JDK client refuses to send.
 * <p>
 * Made with a {@link SecretLeakCheck}, it signs with
 * {@link SecretLeakCheck#SIGNING_SECRET} and hands the check every answer and every
 * signature it sends. Made with a secret, it signs with that secret and checks nothing.
 */
public final class WebhookClient {

	/**
	 * The path of the webhook endpoint.
	 */
	public static final String PATH = "/webhooks";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final int port;

	private final String secret;

	private final @Nullable SecretLeakCheck secrets;

	/**
	 * A client that signs with the leak check's secret and reports to the check.
	 * @param port the application's port
	 * @param secrets the leak check of the test class
	 */
	public WebhookClient(int port, SecretLeakCheck secrets) {
		this(port, SecretLeakCheck.SIGNING_SECRET, secrets);
	}

	/**
	 * A client that signs with the given secret.
	 * @param port the application's port
	 * @param secret the webhook signing secret the application is configured with
	 */
	public WebhookClient(int port, String secret) {
		this(port, secret, null);
	}

	private WebhookClient(int port, String secret, @Nullable SecretLeakCheck secrets) {
		this.port = port;
		this.secret = secret;
		this.secrets = secrets;
	}

	public int port() {
		return this.port;
	}

	/**
	 * A POST to the webhook endpoint with {@code Content-Type: application/json}.
	 * @return the request builder
	 */
	public HttpRequest.Builder webhookRequest() {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + PATH))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(10));
	}

	/**
	 * Signs a body with the client's secret, now.
	 * @param body the body
	 * @return the {@code Whereby-Signature} value
	 */
	public String sign(byte[] body) {
		return sign(this.secret, Instant.now().getEpochSecond(), body);
	}

	/**
	 * Signs a body with a secret at a time.
	 * @param secret the secret
	 * @param epochSeconds the signed timestamp
	 * @param body the body
	 * @return the {@code Whereby-Signature} value
	 */
	public String sign(String secret, long epochSeconds, byte[] body) {
		String header = WebhookSignatureVerifier.sign(secret, epochSeconds, body);
		if (this.secrets != null) {
			this.secrets.sent(header);
		}
		return header;
	}

	/**
	 * Delivers a body signed now with the client's secret.
	 * @param body the JSON body
	 * @return the answer
	 */
	public HttpResponse<String> deliver(String body) throws IOException, InterruptedException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return deliver(bytes, sign(bytes));
	}

	/**
	 * Delivers a body with the given signature header.
	 * @param body the raw body
	 * @param signature the {@code Whereby-Signature} value, {@code null} for none
	 * @return the answer
	 */
	public HttpResponse<String> deliver(byte[] body, @Nullable String signature)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = webhookRequest().POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (signature != null) {
			request.header("Whereby-Signature", signature);
		}
		return send(request.build());
	}

	/**
	 * Sends any request.
	 * @param request the request
	 * @return the answer
	 */
	public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (this.secrets != null) {
			this.secrets.record(response);
		}
		return response;
	}

	/**
	 * A GET on the application's port.
	 * @param path the path, for example {@code /actuator/health}
	 * @return the answer
	 */
	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build());
	}

	/**
	 * Writes a request as given over a new connection and reads one answer.
	 * @param request the request bytes, request line to body
	 * @return the answer
	 */
	public RawResponse sendRaw(byte[] request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", this.port), 5000);
			socket.setSoTimeout(10_000);
			OutputStream output = socket.getOutputStream();
			output.write(request);
			output.flush();
			return recorded(RawResponse.read(socket.getInputStream()));
		}
	}

	/**
	 * Writes a request as given, half-closes the connection (the client sends nothing
	 * more) and reads one answer.
	 * @param request the request bytes
	 * @return the answer
	 */
	public RawResponse sendRawAndHalfClose(byte[] request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", this.port), 5000);
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request);
			socket.getOutputStream().flush();
			socket.shutdownOutput();
			return recorded(RawResponse.read(socket.getInputStream()));
		}
	}

	private RawResponse recorded(RawResponse response) {
		if (this.secrets != null) {
			this.secrets.record(response.text());
		}
		return response;
	}

	/**
	 * The {@code outcome} of a 200 answer.
	 * @param response the answer
	 * @return the outcome
	 */
	public static String outcome(HttpResponse<String> response) {
		return json.readTree(response.body()).path("outcome").asString();
	}

	/**
	 * Parses JSON text.
	 * @param body the text
	 * @return the tree
	 */
	public static JsonNode json(String body) {
		return json.readTree(body);
	}

}

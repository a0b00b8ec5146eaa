package io.github.wherebytrigger.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.wherebytrigger.webhook.WebhookSignatureVerifier;

/**
 * Talks to the running application the way Whereby does, over HTTP/1.1 on localhost:
 * signed deliveries to {@code /webhooks}, plain GETs, and hand-written requests over a
 * socket for what the JDK client refuses to send. Every answer is handed to the
 * {@link SecretLeakCheck}, and so is every signature sent.
 */
final class WebhookClient {

	static final String PATH = "/webhooks";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final int port;

	private final SecretLeakCheck secrets;

	WebhookClient(int port, SecretLeakCheck secrets) {
		this.port = port;
		this.secrets = secrets;
	}

	int port() {
		return this.port;
	}

	/**
	 * A POST to the webhook endpoint with {@code Content-Type: application/json}.
	 * @return the request builder
	 */
	HttpRequest.Builder webhookRequest() {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + PATH))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(10));
	}

	/**
	 * Signs a body with the suite's signing secret, now.
	 * @param body the body
	 * @return the {@code Whereby-Signature} value
	 */
	String sign(byte[] body) {
		return sign(SecretLeakCheck.SIGNING_SECRET, Instant.now().getEpochSecond(), body);
	}

	/**
	 * Signs a body with a secret at a time.
	 * @param secret the secret
	 * @param epochSeconds the signed timestamp
	 * @param body the body
	 * @return the {@code Whereby-Signature} value
	 */
	String sign(String secret, long epochSeconds, byte[] body) {
		String header = WebhookSignatureVerifier.sign(secret, epochSeconds, body);
		this.secrets.sent(header);
		return header;
	}

	/**
	 * Delivers a body signed now with the suite's secret.
	 * @param body the JSON body
	 * @return the answer
	 */
	HttpResponse<String> deliver(String body) throws IOException, InterruptedException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return deliver(bytes, sign(bytes));
	}

	/**
	 * Delivers a body with the given signature header.
	 * @param body the raw body
	 * @param signature the {@code Whereby-Signature} value, {@code null} for none
	 * @return the answer
	 */
	HttpResponse<String> deliver(byte[] body, @Nullable String signature) throws IOException, InterruptedException {
		HttpRequest.Builder request = webhookRequest().POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (signature != null) {
			request.header("Whereby-Signature", signature);
		}
		return send(request.build());
	}

	HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		this.secrets.record(response);
		return response;
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build());
	}

	/**
	 * Writes a request as given over a new connection and reads one answer.
	 * @param request the request bytes, request line to body
	 * @return the answer
	 */
	RawResponse sendRaw(byte[] request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", this.port), 5000);
			socket.setSoTimeout(10_000);
			OutputStream output = socket.getOutputStream();
			output.write(request);
			output.flush();
			RawResponse response = RawResponse.read(socket.getInputStream());
			this.secrets.record(response.text());
			return response;
		}
	}

	/**
	 * Writes a request as given, half-closes the connection (the client sends nothing
	 * more) and reads one answer.
	 * @param request the request bytes
	 * @return the answer
	 */
	RawResponse sendRawAndHalfClose(byte[] request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", this.port), 5000);
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request);
			socket.getOutputStream().flush();
			socket.shutdownOutput();
			RawResponse response = RawResponse.read(socket.getInputStream());
			this.secrets.record(response.text());
			return response;
		}
	}

	/**
	 * The {@code outcome} of a 200 answer.
	 * @param response the answer
	 * @return the outcome
	 */
	static String outcome(HttpResponse<String> response) {
		return json.readTree(response.body()).path("outcome").asString();
	}

	static JsonNode json(String body) {
		return json.readTree(body);
	}

	/**
	 * An answer read from a socket.
	 *
	 * @param status the status code, or 0 when the server closed without answering
	 * @param headers the headers, by lower-case name
	 * @param body the body
	 * @param text the answer as received
	 */
	record RawResponse(int status, Map<String, String> headers, String body, String text) {

		static RawResponse read(InputStream input) throws IOException {
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			int headEnd = -1;
			byte[] buffer = new byte[8192];
			try {
				while (headEnd < 0) {
					int read = input.read(buffer);
					if (read < 0) {
						break;
					}
					received.write(buffer, 0, read);
					headEnd = received.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
				}
			}
			catch (SocketTimeoutException ex) {
				// Whatever arrived is the answer.
			}
			String all = received.toString(StandardCharsets.ISO_8859_1);
			if (headEnd < 0) {
				return new RawResponse(0, Map.of(), "", all);
			}
			String head = all.substring(0, headEnd);
			String[] lines = head.split("\r\n");
			String[] statusLine = lines[0].split(" ", 3);
			int status = (statusLine.length > 1 && statusLine[1].matches("\\d{3}")) ? Integer.parseInt(statusLine[1])
					: 0;
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
							lines[i].substring(colon + 1).trim());
				}
			}
			byte[] rest = received.toByteArray();
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			body.write(rest, headEnd + 4, rest.length - headEnd - 4);
			try {
				if (headers.containsKey("content-length")) {
					long length = Long.parseLong(headers.get("content-length"));
					body.write(input.readNBytes((int) Math.max(0, length - body.size())));
				}
				else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
					while (!body.toString(StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n")) {
						int read = input.read(buffer);
						if (read < 0) {
							break;
						}
						body.write(buffer, 0, read);
					}
				}
				else if (status != 204 && status != 304) {
					body.write(input.readAllBytes());
				}
			}
			catch (SocketTimeoutException ex) {
				// Whatever arrived is the body.
			}
			String bodyText = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(body.toByteArray())
					: body.toString(StandardCharsets.UTF_8);
			return new RawResponse(status, headers, bodyText, head + "\r\n\r\n" + bodyText);
		}

		private static String dechunk(byte[] chunked) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			String text = new String(chunked, StandardCharsets.ISO_8859_1);
			int position = 0;
			while (position < text.length()) {
				int lineEnd = text.indexOf("\r\n", position);
				if (lineEnd < 0) {
					break;
				}
				String size = text.substring(position, lineEnd).split(";", 2)[0].trim();
				int length = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
				if (length == 0) {
					break;
				}
				int start = lineEnd + 2;
				int end = Math.min(start + length, chunked.length);
				body.write(chunked, start, end - start);
				position = end + 2;
			}
			return body.toString(StandardCharsets.UTF_8);
		}

	}

}

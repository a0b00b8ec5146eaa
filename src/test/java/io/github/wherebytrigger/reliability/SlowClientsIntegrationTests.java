package io.github.wherebytrigger.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import io.github.wherebytrigger.testsupport.RawResponse;
import io.github.wherebytrigger.testsupport.RecordingLauncher;
import io.github.wherebytrigger.testsupport.SecretLeakCheck;
import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send their request slowly, as an attacker without the signing secret can:
 * 250 connections that send a webhook's headers and then trickle the body byte by byte,
 * or send nothing, and connections that never finish their headers. None of them holds
 * one of Tomcat's 200 worker threads: a signed webhook on a fresh connection is answered
 * 200 within Whereby's 5 s while they are all open, and the slow bodies are answered 408
 * after {@code whereby.webhook.body-read-timeout}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET,
				"whereby.webhook.body-read-timeout=1s", "whereby.triggers.rules.host-joined.event=room.client.joined",
				"whereby.triggers.rules.host-joined.condition=data.roleName == 'host'" })
class SlowClientsIntegrationTests {

	private static final int SLOW_BODIES = 250;

	/**
	 * The slow bodies that trickle; the others send nothing after their first bytes.
	 */
	private static final int TRICKLING = 210;

	private static final int SLOW_HEADERS = 210;

	private static final int DECLARED_LENGTH = 400;

	private static final Duration WHEREBY_TIMEOUT = Duration.ofSeconds(5);

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	@LocalServerPort
	private int port;

	private WebhookClient client;

	private final List<Socket> sockets = new ArrayList<>();

	private volatile boolean trickling = true;

	@BeforeEach
	void connect() {
		this.client = new WebhookClient(this.port, secrets);
	}

	@AfterEach
	void close() throws IOException {
		this.trickling = false;
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	@Test
	void slowClientsHoldNoWorkerAndSlowBodiesAreAnswered408() throws Exception {
		// The first request initialises Spring MVC; what is measured below is the slow
		// clients' effect.
		assertThat(this.client.deliver(WebhookBodies.joined("evt-" + UUID.randomUUID(), "/warm-up", "visitor"))
			.statusCode()).isEqualTo(200);
		List<Socket> slowBodies = new ArrayList<>();
		for (int i = 0; i < SLOW_BODIES; i++) {
			Socket socket = open();
			// Half look signed, half are not.
			String signature = (i % 2 == 0) ? "Whereby-Signature: t=1,v1=" + "ab".repeat(32) + "\r\n" : "";
			send(socket,
					"POST " + WebhookClient.PATH + " HTTP/1.1\r\nHost: localhost\r\n"
							+ "Content-Type: application/json\r\n" + signature + "Content-Length: " + DECLARED_LENGTH
							+ "\r\n\r\n{\"id\":\"");
			slowBodies.add(socket);
		}
		for (int i = 0; i < SLOW_HEADERS; i++) {
			send(open(), "POST " + WebhookClient.PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: appl");
		}
		Thread trickler = new Thread(() -> trickle(slowBodies.subList(0, TRICKLING)), "trickler");
		trickler.setDaemon(true);
		trickler.start();
		// Gives the server time to take the slow requests up (on worker threads, were it
		// to read blocking).
		Thread.sleep(500);

		String id = "evt-" + UUID.randomUUID();
		byte[] body = WebhookBodies.joined(id, "/slow-" + id, "host").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> answer = this.client.send(this.client.webhookRequest()
			.timeout(WHEREBY_TIMEOUT)
			.header("Whereby-Signature", this.client.sign(body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(WebhookClient.outcome(answer)).isEqualTo("launched");

		for (Socket socket : slowBodies) {
			socket.setSoTimeout(10_000);
			RawResponse response = RawResponse.read(socket.getInputStream());
			secrets.record(response.text());
			assertThat(response.status()).as(response.text()).isEqualTo(408);
			assertThat(response.headers()).containsEntry("content-type", "application/problem+json")
				.containsEntry("connection", "close");
			assertThat(WebhookClient.json(response.body()).path("status").asInt()).isEqualTo(408);
		}
	}

	@Test
	void bodiesDeclaredTooLargeAreAnswered413WithoutBeingRead() throws Exception {
		List<Socket> tooLarge = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			Socket socket = open();
			send(socket, "POST " + WebhookClient.PATH + " HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{");
			tooLarge.add(socket);
		}
		for (Socket socket : tooLarge) {
			socket.setSoTimeout(10_000);
			RawResponse response = RawResponse.read(socket.getInputStream());
			assertThat(response.status()).as(response.text()).isEqualTo(413);
			assertThat(response.headers()).containsEntry("connection", "close");
		}
	}

	private Socket open() throws IOException {
		Socket socket = new Socket();
		this.sockets.add(socket);
		socket.connect(new InetSocketAddress("localhost", this.port), 5000);
		return socket;
	}

	private static void send(Socket socket, String text) throws IOException {
		OutputStream output = socket.getOutputStream();
		output.write(text.getBytes(StandardCharsets.US_ASCII));
		output.flush();
	}

	/**
	 * A byte every 100 ms to each socket, until its answer arrives (a client that kept
	 * writing would only have its connection reset, answer unread).
	 */
	private void trickle(List<Socket> sockets) {
		while (this.trickling) {
			for (Socket socket : sockets) {
				try {
					if (socket.getInputStream().available() == 0) {
						socket.getOutputStream().write('a');
					}
				}
				catch (IOException ex) {
					// Closed by the server: nothing more to send.
				}
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		RecordingLauncher recordingLauncher() {
			return new RecordingLauncher();
		}

	}

}

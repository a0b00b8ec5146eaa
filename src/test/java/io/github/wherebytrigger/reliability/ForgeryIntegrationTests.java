package io.github.wherebytrigger.reliability;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import io.github.wherebytrigger.testsupport.RecordingLauncher;
import io.github.wherebytrigger.testsupport.SecretLeakCheck;
import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that did not come from Whereby, or not now: unsigned, signed with another
 * secret, tampered with after signing, replayed after the tolerance, dated in the future,
 * or carrying the signature of another body. Each is answered 401 with a problem detail
 * and launches nothing; and because nothing was recorded, the genuine delivery of the
 * same event still launches.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET,
				"whereby.webhook.tolerance=" + ForgeryIntegrationTests.TOLERANCE_SECONDS + "s",
				"whereby.triggers.rules.host-joined.event=room.client.joined",
				"whereby.triggers.rules.host-joined.condition=data.roleName == 'host'",
				"whereby.triggers.rules.invited.event=assistant.requested" })
class ForgeryIntegrationTests {

	static final long TOLERANCE_SECONDS = 120;

	private static final long SEED = Long.getLong("reliability.seed", 20261120L);

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingLauncher launcher;

	private WebhookClient client;

	@BeforeEach
	void connect() {
		this.client = new WebhookClient(this.port, secrets);
		this.launcher.reset();
	}

	@TestFactory
	Stream<DynamicTest> forgedDeliveriesAreAnswered401AndLaunchNothing() {
		Random random = new Random(SEED);
		List<Forgery> forgeries = new ArrayList<>();
		forgeries.add(new Forgery("unsigned", (body) -> null));
		forgeries.add(new Forgery("empty signature header", (body) -> ""));
		forgeries.add(new Forgery("signed with another secret",
				(body) -> this.client.sign("whsec_not_the_configured_one", now(), body)));
		forgeries.add(new Forgery("signed with the secret plus one character",
				(body) -> this.client.sign(SecretLeakCheck.SIGNING_SECRET + "x", now(), body)));
		forgeries.add(new Forgery("signed with the secret less its last character",
				(body) -> this.client.sign(
						SecretLeakCheck.SIGNING_SECRET.substring(0, SecretLeakCheck.SIGNING_SECRET.length() - 1), now(),
						body)));
		forgeries.add(new Forgery("replayed: signed beyond the tolerance in the past",
				(body) -> this.client.sign(SecretLeakCheck.SIGNING_SECRET, now() - TOLERANCE_SECONDS - 30, body)));
		forgeries.add(new Forgery("replayed: signed a day ago", (body) -> this.client
			.sign(SecretLeakCheck.SIGNING_SECRET, now() - Duration.ofDays(1).toSeconds(), body)));
		forgeries.add(new Forgery("signed at the epoch",
				(body) -> this.client.sign(SecretLeakCheck.SIGNING_SECRET, 0, body)));
		forgeries.add(new Forgery("dated beyond the tolerance in the future",
				(body) -> this.client.sign(SecretLeakCheck.SIGNING_SECRET, now() + TOLERANCE_SECONDS + 30, body)));
		forgeries.add(new Forgery("dated a year in the future", (body) -> this.client
			.sign(SecretLeakCheck.SIGNING_SECRET, now() + Duration.ofDays(365).toSeconds(), body)));
		forgeries.add(new Forgery("old signature with its timestamp moved to now", (body) -> {
			String old = this.client.sign(SecretLeakCheck.SIGNING_SECRET, now() - TOLERANCE_SECONDS - 30, body);
			return "t=" + now() + "," + old.substring(old.indexOf("v1="));
		}));
		forgeries.add(new Forgery("signature of another body", (body) -> this.client
			.sign(WebhookBodies.joined("evt-other", "/other", "host").getBytes(StandardCharsets.UTF_8))));
		forgeries.add(new Forgery("signature of the same body with one more space", (body) -> {
			byte[] spaced = (new String(body, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
			return this.client.sign(spaced);
		}));
		forgeries.add(new Forgery("signature of the body re-serialised",
				(body) -> this.client.sign(WebhookClient.json(new String(body, StandardCharsets.UTF_8))
					.toPrettyString()
					.getBytes(StandardCharsets.UTF_8))));
		forgeries.add(new Forgery("v1 truncated by one hex digit", (body) -> {
			String header = this.client.sign(body);
			return header.substring(0, header.length() - 1);
		}));
		forgeries.add(new Forgery("v1 with its last hex digit changed", (body) -> {
			String header = this.client.sign(body);
			char last = header.charAt(header.length() - 1);
			return header.substring(0, header.length() - 1) + ((last == '0') ? '1' : '0');
		}));
		forgeries.add(new Forgery("v1 all zeros", (body) -> "t=" + now() + ",v1=" + "0".repeat(64)));
		forgeries.add(new Forgery("v0 instead of v1", (body) -> this.client.sign(body).replace("v1=", "v0=")));
		forgeries.add(new Forgery("no timestamp", (body) -> {
			String header = this.client.sign(body);
			return header.substring(header.indexOf("v1="));
		}));
		forgeries.add(new Forgery("HMAC of the body alone, without the timestamp", (body) -> {
			String header = this.client.sign(body);
			return header.substring(0, header.indexOf(',') + 1) + "v1=" + hmacOfBodyAlone(body);
		}));
		for (int i = 0; i < 8; i++) {
			int seed = random.nextInt();
			forgeries.add(new Forgery("tampered: one byte changed after signing (" + seed + ")", null) {

				@Override
				byte[] body(byte[] signed) {
					byte[] tampered = signed.clone();
					Random choice = new Random(seed);
					int position = choice.nextInt(tampered.length);
					tampered[position] = (byte) (tampered[position] ^ (1 + choice.nextInt(127)));
					return tampered;
				}

				@Override
				String signature(byte[] signed, WebhookClient client) {
					return client.sign(signed);
				}

			});
		}
		return forgeries.stream().map((forgery) -> DynamicTest.dynamicTest(forgery.name, () -> {
			String id = "evt-forged-" + UUID.randomUUID();
			String room = "/forged-" + UUID.randomUUID();
			byte[] genuine = WebhookBodies.joined(id, room, "host").getBytes(StandardCharsets.UTF_8);
			HttpResponse<String> forged = this.client.deliver(forgery.body(genuine),
					forgery.signature(genuine, this.client));
			assertThat(forged.statusCode()).as(forgery.name).isEqualTo(401);
			assertThat(forged.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			JsonNode problem = WebhookClient.json(forged.body());
			assertThat(problem.path("status").asInt()).isEqualTo(401);
			assertThat(problem.path("detail").asString()).contains("Whereby-Signature");
			assertThat(this.launcher.attempts).as("launcher calls after: " + forgery.name).isEmpty();
			// The forgery recorded nothing: the genuine delivery of the event launches.
			HttpResponse<String> real = this.client.deliver(genuine, this.client.sign(genuine));
			assertThat(real.statusCode()).isEqualTo(200);
			assertThat(WebhookClient.outcome(real)).isEqualTo("launched");
			assertThat(this.launcher.launches).singleElement()
				.satisfies((launch) -> assertThat(launch.webhook().id()).isEqualTo(id));
			this.launcher.reset();
		}));
	}

	@Test
	void signatureJustWithinTheToleranceIsAcceptedInBothDirections() throws Exception {
		for (long offset : new long[] { -(TOLERANCE_SECONDS - 20), TOLERANCE_SECONDS - 20 }) {
			byte[] body = WebhookBodies
				.roomEvent("evt-" + UUID.randomUUID(), "assistant.requested", "/tolerated-" + UUID.randomUUID())
				.getBytes(StandardCharsets.UTF_8);
			HttpResponse<String> response = this.client.deliver(body,
					this.client.sign(SecretLeakCheck.SIGNING_SECRET, now() + offset, body));
			assertThat(response.statusCode()).as("signed %d s from now", offset).isEqualTo(200);
			assertThat(WebhookClient.outcome(response)).isEqualTo("launched");
		}
		assertThat(this.launcher.launches).hasSize(2);
	}

	@Test
	void forgedDeliveriesOfAnEventTypeWeIgnoreAreAnswered401Too() throws Exception {
		byte[] body = "{\"id\":\"evt-t\",\"type\":\"transcription.started\",\"data\":{}}"
			.getBytes(StandardCharsets.UTF_8);
		assertThat(this.client.deliver(body, null).statusCode()).isEqualTo(401);
		assertThat(this.client.deliver(body, this.client.sign("whsec_wrong", now(), body)).statusCode()).isEqualTo(401);
		assertThat(this.client.deliver(body, this.client.sign(body)).statusCode()).isEqualTo(200);
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

	private static String hmacOfBodyAlone(byte[] body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SecretLeakCheck.SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String hex = HexFormat.of().formatHex(mac.doFinal(body));
		secrets.sent("v1=" + hex);
		return hex;
	}

	/**
	 * A way to forge a delivery: the signature header it carries, for the genuine body,
	 * and the body it sends.
	 */
	private static class Forgery {

		final String name;

		private final SignatureFor signature;

		Forgery(String name, SignatureFor signature) {
			this.name = name;
			this.signature = signature;
		}

		byte[] body(byte[] genuine) {
			return genuine;
		}

		String signature(byte[] genuine, WebhookClient client) throws Exception {
			return this.signature.of(genuine);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	@FunctionalInterface
	private interface SignatureFor {

		String of(byte[] body) throws Exception;

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		RecordingLauncher recordingLauncher() {
			return new RecordingLauncher();
		}

	}

}

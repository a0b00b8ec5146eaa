package io.github.wherebytrigger.reliability;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import io.github.wherebytrigger.reliability.MalformedRequests.Answer;
import io.github.wherebytrigger.reliability.MalformedRequests.Expected;
import io.github.wherebytrigger.reliability.MalformedRequests.MalformedRequest;
import io.github.wherebytrigger.testsupport.RecordingLauncher;
import io.github.wherebytrigger.testsupport.SecretLeakCheck;
import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hundreds of malformed requests, generated from a seed by {@link MalformedRequests}:
 * none is answered 5xx, each gets a 4xx problem detail (or, for an event type this
 * service does not act on, a 200 {@code ignored}), none launches anything, and afterwards
 * the application is healthy and handles a valid webhook as usual.
 * <p>
 * The cases come from a seeded {@link java.util.Random} in a {@link TestFactory} rather
 * than from a property-based framework: every case needs the running application that
 * Spring's test support injects here, each case is a small named request whose name says
 * what is wrong with it (shrinking would add little), and a failure is replayed with
 * {@code -Dreliability.seed=<seed>}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET,
				"whereby.webhook.max-body-size=" + BadInputIntegrationTests.MAX_BODY_SIZE + "B",
				"whereby.triggers.rules.host-joined.event=room.client.joined",
				"whereby.triggers.rules.host-joined.condition=data.roleName == 'host'",
				"whereby.triggers.rules.invited.event=assistant.requested",
				"whereby.triggers.rules.session.event=room.session.started" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIntegrationTests {

	static final int MAX_BODY_SIZE = 16384;

	private static final long SEED = Long.getLong("reliability.seed", 20261120L);

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingLauncher launcher;

	@Test
	@Order(0)
	void atLeastTwoHundredMalformedRequestsAreGenerated() {
		assertThat(MalformedRequests.generate(SEED, MAX_BODY_SIZE)).hasSizeGreaterThanOrEqualTo(200);
	}

	@TestFactory
	@Order(1)
	Stream<DynamicTest> malformedRequestsAreAnsweredWithA4xxProblemAndLaunchNothing() {
		WebhookClient client = new WebhookClient(this.port, secrets);
		List<MalformedRequest> requests = MalformedRequests.generate(SEED, MAX_BODY_SIZE);
		return requests.stream()
			.map((request) -> DynamicTest.dynamicTest(request.name() + " (seed " + SEED + ")", () -> {
				int attemptsBefore = this.launcher.attempts.size();
				Answer answer = request.delivery().send(client);
				assertAnswered(request, answer);
				assertThat(this.launcher.attempts.subList(attemptsBefore, this.launcher.attempts.size()))
					.as("launcher calls for %s", request.name())
					.isEmpty();
			}));
	}

	@Test
	@Order(2)
	void afterwardsTheApplicationIsHealthyAndHandlesValidWebhooks() throws Exception {
		WebhookClient client = new WebhookClient(this.port, secrets);
		HttpResponse<String> health = client.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(WebhookClient.json(health.body()).path("status").asString()).isEqualTo("UP");
		String id = "evt-" + UUID.randomUUID();
		HttpResponse<String> valid = client.deliver(WebhookBodies.joined(id, "/after-" + UUID.randomUUID(), "host"));
		assertThat(valid.statusCode()).isEqualTo(200);
		assertThat(WebhookClient.outcome(valid)).isEqualTo("launched");
		assertThat(this.launcher.launches).filteredOn((launch) -> launch.webhook().id().equals(id)).hasSize(1);
		// A body of exactly the limit is not too large.
		String atLimit = WebhookBodies.joined("evt-" + UUID.randomUUID(), "/at-limit", "visitor");
		int padding = MAX_BODY_SIZE - atLimit.getBytes(StandardCharsets.UTF_8).length;
		byte[] body = atLimit.replace("\"Zoe\"", "\"Zoe" + "e".repeat(padding) + "\"").getBytes(StandardCharsets.UTF_8);
		assertThat(body).hasSize(MAX_BODY_SIZE);
		HttpResponse<String> limit = client.deliver(body, client.sign(body));
		assertThat(limit.statusCode()).isEqualTo(200);
		assertThat(WebhookClient.outcome(limit)).isEqualTo("not-triggered");
		assertThat(this.launcher.attempts).as("launches: the valid webhook's only, none of the malformed requests'")
			.containsExactly(this.launcher.launches.get(this.launcher.launches.size() - 1).launchKey());
	}

	private static void assertAnswered(MalformedRequest request, Answer answer) {
		Expected expected = request.expected();
		assertThat(answer.status()).as("status of %s: %s", request.name(), answer.body()).isLessThan(500);
		if (expected.acknowledgedAsIgnored()) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(WebhookClient.json(answer.body()).path("outcome").asString()).isEqualTo("ignored");
			return;
		}
		assertThat(answer.status()).as("a 4xx: %s", answer.body()).isBetween(400, 499);
		if (expected.status() != 0) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(expected.status());
		}
		if (expected.problemDetail()) {
			assertThat(answer.contentType()).as("Content-Type").isEqualTo("application/problem+json");
			JsonNode problem = WebhookClient.json(answer.body());
			assertThat(problem.path("status").asInt()).isEqualTo(answer.status());
			assertThat(problem.path("title").asString()).isNotBlank();
			if (expected.detail() != null) {
				assertThat(problem.path("detail").asString()).contains(expected.detail());
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

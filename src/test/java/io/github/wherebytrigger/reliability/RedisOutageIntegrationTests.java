package io.github.wherebytrigger.reliability;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
 * With the Redis store and no Redis answering, nothing is launched without its claim:
 * webhooks are answered 503 with {@code Retry-After} (Whereby delivers them again) and
 * readiness is DOWN, so Kubernetes stops routing to the replica. Needs no Redis: nothing
 * listens where it points.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET, "whereby.state.store=redis",
				"spring.data.redis.url=redis://127.0.0.1:1", "spring.data.redis.connect-timeout=200ms",
				"whereby.triggers.rules.host-joined.event=room.client.joined" })
class RedisOutageIntegrationTests {

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingLauncher launcher;

	@Test
	void aWebhookIsAnswered503WithRetryAfterAndLaunchesNothing() throws Exception {
		WebhookClient client = new WebhookClient(this.port, secrets);
		HttpResponse<String> response = client
			.deliver(WebhookBodies.joined("evt-" + UUID.randomUUID(), "/outage-" + UUID.randomUUID(), "host"));
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(WebhookClient.json(response.body()).path("detail").asString()).startsWith("Redis did not ");
		assertThat(this.launcher.attempts).isEmpty();
	}

	@Test
	void readinessIsDownWhileTheStoreDoesNotAnswer() throws Exception {
		WebhookClient client = new WebhookClient(this.port, secrets);
		assertThat(client.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
		assertThat(client.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Launcher {

		@Bean
		RecordingLauncher recordingLauncher() {
			return new RecordingLauncher();
		}

	}

}

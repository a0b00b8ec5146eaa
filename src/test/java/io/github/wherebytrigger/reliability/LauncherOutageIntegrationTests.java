package io.github.wherebytrigger.reliability;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.testsupport.RecordingLauncher;
import io.github.wherebytrigger.testsupport.SecretLeakCheck;
import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform assistants run on is down for a while, then back. While it is down, every
 * delivery is answered 503 with {@code Retry-After}, so Whereby delivers again; the
 * delivery after it is back launches exactly once, with the same launch key the failed
 * attempts used; and the application never believes an assistant runs that was not
 * launched.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET,
				"whereby.launcher.deadline=1s", "whereby.launcher.retry.initial-backoff=20ms",
				"whereby.launcher.retry.max-backoff=100ms",
				"whereby.triggers.rules.host-joined.event=room.client.joined",
				"whereby.triggers.rules.host-joined.condition=data.roleName == 'host'" })
class LauncherOutageIntegrationTests {

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingLauncher launcher;

	private WebhookClient client;

	private String room;

	@BeforeEach
	void newRoom() {
		this.client = new WebhookClient(this.port, secrets);
		this.room = "/outage-" + UUID.randomUUID();
	}

	@AfterEach
	void launcherBackToNormal() {
		this.launcher.failing.set(false);
		this.launcher.delayMillis.set(0);
	}

	@Test
	void failingLauncherAnswers503UntilItRecoversThenTheRedeliveryLaunchesOnce() throws Exception {
		String event = WebhookBodies.joined("evt-" + UUID.randomUUID(), this.room, "host");
		String sameRoomLater = WebhookBodies.joined("evt-" + UUID.randomUUID(), this.room, "host");
		this.launcher.failing.set(true);
		// Whereby's first delivery and its two retries, then another event of the room.
		for (String body : List.of(event, event, event, sameRoomLater)) {
			assertRetryLater(this.client.deliver(body));
		}
		// Overlapping deliveries while it is down: none may slip through as handled.
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			List<Future<HttpResponse<String>>> overlapping = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				overlapping.add(clients.submit(() -> this.client.deliver(event)));
			}
			for (Future<HttpResponse<String>> response : overlapping) {
				assertRetryLater(response.get(30, TimeUnit.SECONDS));
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(launchesInRoom()).isEmpty();
		assertThat(runningInRoom()).as("assistants listed while the launcher is down").isEmpty();
		assertThat(attemptsInRoom()).as("attempts while down").isNotEmpty();

		this.launcher.failing.set(false);
		HttpResponse<String> redelivered = this.client.deliver(event);
		assertThat(redelivered.statusCode()).isEqualTo(200);
		assertThat(WebhookClient.outcome(redelivered)).isEqualTo("launched");
		assertThat(WebhookClient.outcome(this.client.deliver(event))).isEqualTo("duplicate");
		assertThat(WebhookClient.outcome(this.client.deliver(sameRoomLater))).isEqualTo("already-running");

		// Without a room session id, the launch key is the launching event's (see
		// README).
		String launchKey = launchKey(event);
		assertThat(launchesInRoom()).singleElement().satisfies((launch) -> {
			assertThat(launch.launchKey()).isEqualTo(launchKey);
			assertThat(launch.webhook().id()).isEqualTo(WebhookClient.json(event).path("id").asString());
		});
		assertThat(attemptsInRoom()).as("each event's attempts under its own launch key")
			.containsOnly(launchKey, launchKey(sameRoomLater));
		assertThat(runningInRoom()).singleElement().satisfies((running) -> {
			assertThat(running.path("launchKey").asString()).isEqualTo(launchKey);
			assertThat(running.path("roomUrl").asString()).isEqualTo("https://acme.whereby.com" + this.room);
		});
		assertOnlyLaunchedAssistantsAreListed();
	}

	@Test
	void launcherTooSlowForTheDeadlineAnswers503AndRecordsNothingThenLaunchesOnce() throws Exception {
		String event = WebhookBodies.joined("evt-" + UUID.randomUUID(), this.room, "host");
		this.launcher.delayMillis.set(1500);
		assertRetryLater(this.client.deliver(event));
		assertRetryLater(this.client.deliver(event));
		assertThat(runningInRoom()).isEmpty();
		this.launcher.delayMillis.set(0);
		HttpResponse<String> redelivered = this.client.deliver(event);
		assertThat(WebhookClient.outcome(redelivered)).isEqualTo("launched");
		String launchKey = launchKey(event);
		assertThat(launchesInRoom()).extracting(LaunchRequest::launchKey).containsExactly(launchKey);
		assertThat(attemptsInRoom()).as("the launch key of every attempt")
			.containsOnly(launchKey)
			.hasSizeGreaterThan(1);
		assertThat(runningInRoom()).extracting((running) -> running.path("launchKey").asString())
			.containsExactly(launchKey);
		assertOnlyLaunchedAssistantsAreListed();
	}

	private void assertRetryLater(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = WebhookClient.json(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(503);
		assertThat(problem.path("detail").asString()).isNotBlank().doesNotContain("platform is down");
	}

	/**
	 * The application's view and the launcher's agree: every assistant listed by
	 * {@code /actuator/assistants} was launched, and every launch is listed.
	 */
	private void assertOnlyLaunchedAssistantsAreListed() throws Exception {
		List<String> listed = new ArrayList<>();
		for (JsonNode running : assistants()) {
			listed.add(running.path("launchKey").asString());
		}
		assertThat(listed).containsExactlyInAnyOrderElementsOf(
				this.launcher.launches.stream().map(LaunchRequest::launchKey).toList());
	}

	private List<LaunchRequest> launchesInRoom() {
		return this.launcher.launches.stream().filter((launch) -> launch.roomName().equals(this.room)).toList();
	}

	private String launchKey(String event) {
		return "default:acme" + this.room + "@event-" + WebhookClient.json(event).path("id").asString() + "#1";
	}

	private List<String> attemptsInRoom() {
		return this.launcher.attempts.stream()
			.filter((key) -> key.startsWith("default:acme" + this.room + "@"))
			.toList();
	}

	private List<JsonNode> runningInRoom() throws Exception {
		return assistants().stream()
			.filter((running) -> running.path("roomUrl").asString().endsWith(this.room))
			.toList();
	}

	private List<JsonNode> assistants() throws Exception {
		HttpResponse<String> response = this.client.get("/actuator/assistants");
		assertThat(response.statusCode()).isEqualTo(200);
		List<JsonNode> assistants = new ArrayList<>();
		WebhookClient.json(response.body()).path("assistants").forEach(assistants::add);
		return assistants;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		RecordingLauncher recordingLauncher() {
			return new RecordingLauncher();
		}

	}

}

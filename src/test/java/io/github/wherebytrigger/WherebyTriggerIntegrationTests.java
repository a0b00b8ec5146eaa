package io.github.wherebytrigger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.testsupport.RecordingLauncher;
import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;
import io.github.wherebytrigger.trigger.TriggerPredicate;
import io.github.wherebytrigger.trigger.WherebyTrigger;
import io.github.wherebytrigger.webhook.AssistantRequested;
import io.github.wherebytrigger.webhook.RoomClientJoined;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application on a random port, with signed requests over HTTP and a recording
 * launcher.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "whereby.webhook.signing-secrets=whsec_other_rotated," + WherebyTriggerIntegrationTests.SECRET,
				"whereby.webhook.max-body-size=4KB", "whereby.launcher.deadline=1s",
				"whereby.triggers.rules.host-joined.event=room.client.joined",
				"whereby.triggers.rules.host-joined.condition=data.roleName == 'host'",
				"whereby.triggers.rules.crowd.event=room.client.joined",
				"whereby.triggers.rules.crowd.condition=data.numClients >= 3" })
class WherebyTriggerIntegrationTests {

	static final String SECRET = "whsec_integration_tests";

	private static final ExecutorService clients = Executors.newFixedThreadPool(16);

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingLauncher launcher;

	@Autowired
	private JoinListener joinListener;

	private WebhookClient client;

	private String room;

	@BeforeEach
	void newRoom() {
		this.client = new WebhookClient(this.port, SECRET);
		this.room = "/room-" + UUID.randomUUID();
		this.launcher.reset();
	}

	@AfterAll
	static void stopClients() {
		clients.shutdownNow();
	}

	@Test
	void hostJoiningLaunchesTheAssistantOnce() throws Exception {
		String id = "evt-" + UUID.randomUUID();
		HttpResponse<String> response = post(joined(id, "host", 3));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"outcome\":\"launched\"")
			.contains("\"triggers\":[\"host-joined\",\"crowd\"]")
			.contains("\"roomUrl\":\"https://acme.whereby.com" + this.room + "\"");
		assertThat(this.launcher.launches).singleElement().satisfies((launch) -> {
			assertThat(launch.roomUrl()).isEqualTo("https://acme.whereby.com" + this.room);
			assertThat(launch.triggers()).containsExactly("host-joined", "crowd");
			// The join carries no room session id: the key names the launching event.
			assertThat(launch.launchKey()).isEqualTo("default:acme" + this.room + "@event-" + id + "#1");
		});
	}

	@Test
	void visitorJoiningTriggersNothing() throws Exception {
		HttpResponse<String> response = post(joined("evt-" + UUID.randomUUID(), "visitor", 1));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"outcome\":\"not-triggered\"");
		assertThat(this.launcher.launches).isEmpty();
	}

	@Test
	void redeliveriesAnswerDuplicateAndLaunchNothing() throws Exception {
		String body = joined("evt-" + UUID.randomUUID(), "host", 1);
		List<Future<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			responses.add(clients.submit(() -> post(body)));
		}
		List<String> outcomes = new ArrayList<>();
		for (Future<HttpResponse<String>> response : responses) {
			assertThat(response.get().statusCode()).isEqualTo(200);
			outcomes.add(response.get().body().replaceAll(".*\"outcome\":\"([a-z-]+)\".*", "$1"));
		}
		assertThat(outcomes).containsOnlyOnce("launched").containsOnly("launched", "duplicate");
		assertThat(this.launcher.launches).hasSize(1);
	}

	@Test
	void secondHostInTheSameRoomFindsTheAssistantAlreadyRunning() throws Exception {
		assertThat(post(joined("evt-" + UUID.randomUUID(), "host", 1)).body()).contains("\"launched\"");
		assertThat(post(joined("evt-" + UUID.randomUUID(), "host", 2)).body()).contains("\"already-running\"");
		assertThat(this.launcher.launches).hasSize(1);
	}

	@Test
	void sessionEndStopsTheAssistantAndFreesTheRoom() throws Exception {
		String first = "evt-" + UUID.randomUUID();
		assertThat(post(joined(first, "host", 1)).body()).contains("\"launched\"");
		HttpResponse<String> ended = post(roomEvent("evt-" + UUID.randomUUID(), "room.session.ended"));
		assertThat(ended.statusCode()).isEqualTo(200);
		awaitUntil(() -> this.launcher.stops.size() == 1);
		assertThat(this.launcher.stops.get(0).launchKey())
			.isEqualTo("default:acme" + this.room + "@event-" + first + "#1");
		String next = "evt-" + UUID.randomUUID();
		String nextMeeting = joined(next, "host", 1).replace("2026-11-20T10:15:00.000Z", "2026-11-20T12:00:00.000Z");
		assertThat(post(nextMeeting).body()).contains("\"launched\"");
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey)
			.containsExactly("default:acme" + this.room + "@event-" + first + "#1",
					"default:acme" + this.room + "@event-" + next + "#1");
	}

	@Test
	void launcherFailingOnceIsRetriedWithinTheDeadline() throws Exception {
		this.launcher.failuresLeft.set(1);
		assertThat(post(joined("evt-" + UUID.randomUUID(), "host", 1)).body()).contains("\"launched\"");
		assertThat(this.launcher.launches).hasSize(1);
		assertThat(this.launcher.attempts).hasSize(2);
	}

	@Test
	void lateRedeliveryOfAJoinFromAnEndedMeetingLaunchesNothing() throws Exception {
		String ended = WebhookBodies.roomEvent("evt-" + UUID.randomUUID(), "room.session.ended", this.room, null,
				"11:00:00");
		assertThat(post(ended).statusCode()).isEqualTo(200);
		// joined() is created at 10:15, before the session ended at 11:00.
		assertThat(post(joined("evt-" + UUID.randomUUID(), "host", 1)).body()).contains("\"outcome\":\"stale\"");
		String later = joined("evt-" + UUID.randomUUID(), "host", 1).replace("2026-11-20T10:15:00.000Z",
				"2026-11-20T11:30:00.000Z");
		assertThat(post(later).body()).contains("\"launched\"");
		assertThat(this.launcher.launches).hasSize(1);
	}

	@Test
	void failingLauncherAnswers503ThenTheRedeliveryLaunchesOnce() throws Exception {
		this.launcher.failing.set(true);
		String body = joined("evt-" + UUID.randomUUID(), "host", 1);
		HttpResponse<String> failed = post(body);
		assertThat(failed.statusCode()).isEqualTo(503);
		assertThat(failed.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(failed.body()).doesNotContain(RecordingLauncher.FAILURE);
		assertThat(this.launcher.launches).isEmpty();
		this.launcher.failing.set(false);
		HttpResponse<String> redelivered = post(body);
		assertThat(redelivered.statusCode()).isEqualTo(200);
		assertThat(redelivered.body()).contains("\"launched\"");
		assertThat(post(body).body()).contains("\"duplicate\"");
		assertThat(this.launcher.launches).hasSize(1);
	}

	@Test
	void launcherMissingTheDeadlineAnswers503AndRecordsNothing() throws Exception {
		this.launcher.delayMillis.set(3000);
		String body = joined("evt-" + UUID.randomUUID(), "host", 1);
		assertThat(post(body).statusCode()).isEqualTo(503);
		this.launcher.delayMillis.set(0);
		assertThat(post(body).body()).contains("\"launched\"");
		assertThat(this.launcher.launches).hasSize(1);
	}

	@Test
	void annotatedTriggerBeanLaunchesOnAssistantRequested() throws Exception {
		HttpResponse<String> response = post(roomEvent("evt-" + UUID.randomUUID(), "assistant.requested"));
		assertThat(response.body()).contains("\"launched\"").contains("\"triggers\":[\"invited\"]");
	}

	@Test
	void listenersReceiveEachWebhookOfTheirType() throws Exception {
		String id = "evt-" + UUID.randomUUID();
		post(joined(id, "visitor", 1));
		post(joined(id, "visitor", 1));
		assertThat(this.joinListener.ids).containsOnlyOnce(id);
	}

	@Test
	void bodyWithoutContentLengthOverTheLimitIsAnswered413() throws Exception {
		byte[] big = joined("evt-" + UUID.randomUUID(), "x".repeat(8000), 1).getBytes(StandardCharsets.UTF_8);
		BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big));
		HttpResponse<String> response = this.client.send(this.client.webhookRequest().POST(chunked).build());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("\"status\":413");
	}

	@Test
	void unsignedRequestIsAnswered401() throws Exception {
		HttpResponse<String> response = this.client.deliver(joined("evt-x", "host", 1).getBytes(StandardCharsets.UTF_8),
				null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(this.launcher.launches).isEmpty();
	}

	@Test
	void readinessIsUpAndMetricsAreExported() throws Exception {
		post(joined("evt-" + UUID.randomUUID(), "host", 1));
		assertThat(get("/actuator/health/readiness").body()).contains("\"status\":\"UP\"");
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		// Components shown by name, their details hidden by default.
		assertThat(get("/actuator/health").body()).contains("\"launchers\"", "\"triggers\"", "\"roomState\"")
			.doesNotContain("\"details\"");
		assertThat(get("/actuator/health/launchers").statusCode()).isEqualTo(200);
		String prometheus = get("/actuator/prometheus").body();
		assertThat(prometheus)
			.contains("whereby_webhooks_seconds_count{outcome=\"launched\",type=\"room.client.joined\"")
			.contains("whereby_trigger_evaluations_total{result=\"true\",trigger=\"host-joined\"")
			.contains("whereby_launches_seconds_count{assistant=\"default\",launcher=\"custom\",outcome=\"launched\"")
			.contains("whereby_assistants_running");
	}

	private HttpResponse<String> post(String body) throws IOException, InterruptedException {
		return this.client.deliver(body);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.client.get(path);
	}

	private String joined(String id, String role, int numClients) {
		// A name outside ASCII: the signature covers the body's UTF-8 bytes.
		return WebhookBodies.joined(id, this.room, role, numClients).replace("\"Zoe\"", "\"Zoë\"");
	}

	private String roomEvent(String id, String type) {
		return WebhookBodies.roomEvent(id, type, this.room);
	}

	private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	static class JoinListener {

		final List<String> ids = new CopyOnWriteArrayList<>();

		@EventListener
		void on(RoomClientJoined joined) {
			this.ids.add(joined.id());
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		RecordingLauncher recordingLauncher() {
			return new RecordingLauncher();
		}

		@Bean
		JoinListener joinListener() {
			return new JoinListener();
		}

		@Bean
		@WherebyTrigger(value = "assistant.requested", name = "invited")
		TriggerPredicate<AssistantRequested> invitedTrigger() {
			return (requested) -> requested.data().roomName().startsWith("/room-");
		}

	}

}

package io.github.wherebytrigger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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

import io.github.wherebytrigger.launch.AssistantLauncher;
import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.launch.StopRequest;
import io.github.wherebytrigger.trigger.TriggerPredicate;
import io.github.wherebytrigger.trigger.WherebyTrigger;
import io.github.wherebytrigger.webhook.AssistantRequested;
import io.github.wherebytrigger.webhook.RoomClientJoined;
import io.github.wherebytrigger.webhook.WebhookSignatureVerifier;

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

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final ExecutorService clients = Executors.newFixedThreadPool(16);

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingLauncher launcher;

	@Autowired
	private JoinListener joinListener;

	private String room;

	@BeforeEach
	void newRoom() {
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
		HttpResponse<String> response = post(signed(joined(id, "host", 3)));
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
		HttpResponse<String> response = post(signed(joined("evt-" + UUID.randomUUID(), "visitor", 1)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"outcome\":\"not-triggered\"");
		assertThat(this.launcher.launches).isEmpty();
	}

	@Test
	void redeliveriesAnswerDuplicateAndLaunchNothing() throws Exception {
		String body = joined("evt-" + UUID.randomUUID(), "host", 1);
		List<Future<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			responses.add(clients.submit(() -> post(signed(body))));
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
		assertThat(post(signed(joined("evt-" + UUID.randomUUID(), "host", 1))).body()).contains("\"launched\"");
		assertThat(post(signed(joined("evt-" + UUID.randomUUID(), "host", 2))).body()).contains("\"already-running\"");
		assertThat(this.launcher.launches).hasSize(1);
	}

	@Test
	void sessionEndStopsTheAssistantAndFreesTheRoom() throws Exception {
		String first = "evt-" + UUID.randomUUID();
		assertThat(post(signed(joined(first, "host", 1))).body()).contains("\"launched\"");
		HttpResponse<String> ended = post(signed(roomEvent("evt-" + UUID.randomUUID(), "room.session.ended")));
		assertThat(ended.statusCode()).isEqualTo(200);
		awaitUntil(() -> this.launcher.stops.size() == 1);
		assertThat(this.launcher.stops.get(0).launchKey())
			.isEqualTo("default:acme" + this.room + "@event-" + first + "#1");
		String next = "evt-" + UUID.randomUUID();
		String nextMeeting = joined(next, "host", 1).replace("2026-11-20T10:15:00.000Z", "2026-11-20T12:00:00.000Z");
		assertThat(post(signed(nextMeeting)).body()).contains("\"launched\"");
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey)
			.containsExactly("default:acme" + this.room + "@event-" + first + "#1",
					"default:acme" + this.room + "@event-" + next + "#1");
	}

	@Test
	void launcherFailingOnceIsRetriedWithinTheDeadline() throws Exception {
		this.launcher.failuresLeft.set(1);
		assertThat(post(signed(joined("evt-" + UUID.randomUUID(), "host", 1))).body()).contains("\"launched\"");
		assertThat(this.launcher.launches).hasSize(1);
		assertThat(this.launcher.attempts).hasValue(2);
	}

	@Test
	void lateRedeliveryOfAJoinFromAnEndedMeetingLaunchesNothing() throws Exception {
		String ended = """
				{"id":"evt-%s","createdAt":"2026-11-20T11:00:00Z","type":"room.session.ended",
				 "data":{"roomName":"%s","subdomain":"acme"}}""".formatted(UUID.randomUUID(), this.room);
		assertThat(post(signed(ended)).statusCode()).isEqualTo(200);
		// joined() is created at 10:15, before the session ended at 11:00.
		assertThat(post(signed(joined("evt-" + UUID.randomUUID(), "host", 1))).body())
			.contains("\"outcome\":\"stale\"");
		String later = joined("evt-" + UUID.randomUUID(), "host", 1).replace("2026-11-20T10:15:00.000Z",
				"2026-11-20T11:30:00.000Z");
		assertThat(post(signed(later)).body()).contains("\"launched\"");
		assertThat(this.launcher.launches).hasSize(1);
	}

	@Test
	void failingLauncherAnswers503ThenTheRedeliveryLaunchesOnce() throws Exception {
		this.launcher.failuresLeft.set(Integer.MAX_VALUE);
		String body = joined("evt-" + UUID.randomUUID(), "host", 1);
		HttpResponse<String> failed = post(signed(body));
		assertThat(failed.statusCode()).isEqualTo(503);
		assertThat(failed.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(failed.body()).doesNotContain("worker pool is down");
		assertThat(this.launcher.launches).isEmpty();
		this.launcher.failuresLeft.set(0);
		HttpResponse<String> redelivered = post(signed(body));
		assertThat(redelivered.statusCode()).isEqualTo(200);
		assertThat(redelivered.body()).contains("\"launched\"");
		assertThat(post(signed(body)).body()).contains("\"duplicate\"");
		assertThat(this.launcher.launches).hasSize(1);
	}

	@Test
	void launcherMissingTheDeadlineAnswers503AndRecordsNothing() throws Exception {
		this.launcher.delayMillis.set(3000);
		String body = joined("evt-" + UUID.randomUUID(), "host", 1);
		assertThat(post(signed(body)).statusCode()).isEqualTo(503);
		this.launcher.delayMillis.set(0);
		assertThat(post(signed(body)).body()).contains("\"launched\"");
		assertThat(this.launcher.launches).hasSize(1);
	}

	@Test
	void annotatedTriggerBeanLaunchesOnAssistantRequested() throws Exception {
		HttpResponse<String> response = post(signed(roomEvent("evt-" + UUID.randomUUID(), "assistant.requested")));
		assertThat(response.body()).contains("\"launched\"").contains("\"triggers\":[\"invited\"]");
	}

	@Test
	void listenersReceiveEachWebhookOfTheirType() throws Exception {
		String id = "evt-" + UUID.randomUUID();
		post(signed(joined(id, "visitor", 1)));
		post(signed(joined(id, "visitor", 1)));
		assertThat(this.joinListener.ids).containsOnlyOnce(id);
	}

	@Test
	void bodyWithoutContentLengthOverTheLimitIsAnswered413() throws Exception {
		byte[] big = joined("evt-" + UUID.randomUUID(), "x".repeat(8000), 1).getBytes(StandardCharsets.UTF_8);
		BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big));
		HttpResponse<String> response = http.send(request().POST(chunked).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("\"status\":413");
	}

	@Test
	void unsignedRequestIsAnswered401() throws Exception {
		HttpResponse<String> response = http.send(
				request().POST(HttpRequest.BodyPublishers.ofString(joined("evt-x", "host", 1))).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(this.launcher.launches).isEmpty();
	}

	@Test
	void readinessIsUpAndMetricsAreExported() throws Exception {
		post(signed(joined("evt-" + UUID.randomUUID(), "host", 1)));
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

	private HttpRequest.Builder request() {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/webhooks"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(10));
	}

	private HttpRequest signed(String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return request()
			.header("Whereby-Signature", WebhookSignatureVerifier.sign(SECRET, Instant.now().getEpochSecond(), bytes))
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build();
	}

	private static HttpResponse<String> post(HttpRequest request) throws IOException, InterruptedException {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private String joined(String id, String role, int numClients) {
		return """
				{"id":"%s","apiVersion":"1.0","createdAt":"2026-11-20T10:15:00.000Z","type":"room.client.joined",
				 "data":{"meetingId":"88213","roomName":"%s","roomSessionId":null,"subdomain":"acme",
				 "roleName":"%s","displayName":"Zoë","participantId":"p_1","metadata":null,"externalId":null,
				 "numClients":%d,"numClientsByRoleName":{"%s":1},"isDialIn":false}}""".formatted(id, this.room, role,
				numClients, role);
	}

	private String roomEvent(String id, String type) {
		return """
				{"id":"%s","apiVersion":"1.0","createdAt":"2026-11-20T11:15:00.000Z","type":"%s",
				 "data":{"roomName":"%s","roomSessionId":"s-1","subdomain":"acme"}}""".formatted(id, type, this.room);
	}

	private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	static class RecordingLauncher implements AssistantLauncher {

		final List<LaunchRequest> launches = new CopyOnWriteArrayList<>();

		final List<StopRequest> stops = new CopyOnWriteArrayList<>();

		final AtomicInteger failuresLeft = new AtomicInteger();

		final AtomicLong delayMillis = new AtomicLong();

		final AtomicInteger attempts = new AtomicInteger();

		@Override
		public void launch(LaunchRequest request) throws Exception {
			this.attempts.incrementAndGet();
			if (this.failuresLeft.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new IOException("worker pool is down");
			}
			long delay = this.delayMillis.get();
			if (delay > 0) {
				Thread.sleep(delay);
			}
			this.launches.add(request);
		}

		@Override
		public void stop(StopRequest request) {
			this.stops.add(request);
		}

		void reset() {
			this.launches.clear();
			this.stops.clear();
			this.failuresLeft.set(0);
			this.delayMillis.set(0);
			this.attempts.set(0);
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

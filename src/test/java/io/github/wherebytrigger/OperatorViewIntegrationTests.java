package io.github.wherebytrigger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import io.github.wherebytrigger.testsupport.RecordingLauncher;
import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;
import io.github.wherebytrigger.trigger.TriggerPredicate;
import io.github.wherebytrigger.trigger.WherebyTrigger;
import io.github.wherebytrigger.webhook.RoomSessionStarted;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's view of the running application: the {@code triggers} endpoint (list and
 * dry run), the log lines of a handled webhook with their logging context, and the
 * observations a tracing bridge would turn into spans.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "whereby.webhook.signing-secrets=" + OperatorViewIntegrationTests.SECRET,
				"whereby.triggers.rules.host-joined.event=room.client.joined",
				"whereby.triggers.rules.host-joined.condition=data.roleName == 'host'",
				"whereby.triggers.rules.broken.event=room.client.joined",
				"whereby.triggers.rules.broken.condition=data.metadata.length() > 2",
				"whereby.triggers.enabled=room.client.joined,room.session.started,room.session.ended" })
class OperatorViewIntegrationTests {

	static final String SECRET = "whsec_operator_view";

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingLauncher launcher;

	@Autowired
	private RecordingObservationHandler observations;

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private final Map<String, Level> levels = Map.of("io.github.wherebytrigger", Level.DEBUG);

	private WebhookClient client;

	private String room;

	@BeforeEach
	void captureLogs() {
		this.client = new WebhookClient(this.port, SECRET);
		this.room = "/ops-" + UUID.randomUUID();
		this.launcher.reset();
		this.observations.started.clear();
		this.logs.start();
		Logger logger = (Logger) LoggerFactory.getLogger("io.github.wherebytrigger");
		logger.setLevel(Level.DEBUG);
		logger.addAppender(this.logs);
	}

	@AfterEach
	void stopCapturingLogs() {
		Logger logger = (Logger) LoggerFactory.getLogger("io.github.wherebytrigger");
		logger.detachAppender(this.logs);
		logger.setLevel(null);
	}

	@Test
	void triggersEndpointListsEveryTriggerWithItsCounts() throws Exception {
		post(joined("evt-" + UUID.randomUUID(), "host"));
		JsonNode triggers = json.readTree(get("/actuator/triggers").body()).get("triggers");
		JsonNode hostJoined = find(triggers, "host-joined");
		assertThat(hostJoined.get("event").asString()).isEqualTo("room.client.joined");
		assertThat(hostJoined.get("source").asString()).isEqualTo("rule whereby.triggers.rules.host-joined");
		assertThat(hostJoined.get("assistant").asString()).isEqualTo("default");
		assertThat(hostJoined.get("enabled").asBoolean()).isTrue();
		assertThat(hostJoined.get("evaluations").asLong()).isPositive();
		assertThat(hostJoined.get("fired").asLong()).isPositive();
		assertThat(find(triggers, "broken").get("errors").asLong()).isPositive();
		JsonNode invited = find(triggers, "invited");
		assertThat(invited.get("source").asString()).startsWith("bean invited of ");
		assertThat(invited.get("enabled").asBoolean()).as("assistant.requested is not enabled").isFalse();
	}

	@Test
	void dryRunSaysWhatWouldFireWithoutLaunchingOrRecording() throws Exception {
		String id = "evt-" + UUID.randomUUID();
		HttpResponse<String> response = dryRun(joined(id, "host"));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode result = json.readTree(response.body());
		assertThat(result.get("outcome").asString()).isEqualTo("launched");
		assertThat(result.get("roomUrl").asString()).isEqualTo("https://acme.whereby.com" + this.room);
		assertThat(result.get("launches").get("default").asString()).isEqualTo("launched");
		JsonNode triggers = result.get("triggers");
		assertThat(find(triggers, "host-joined").get("fired").asBoolean()).isTrue();
		assertThat(find(triggers, "broken").get("fired").asBoolean()).isFalse();
		assertThat(find(triggers, "broken").get("error").asString()).contains("length");
		assertThat(this.launcher.launches).isEmpty();
		// Nothing was recorded: the real delivery of the same event still launches.
		assertThat(post(joined(id, "host")).body()).contains("\"launched\"");
		assertThat(this.launcher.launches).hasSize(1);
	}

	@Test
	void dryRunReportsDuplicateAlreadyRunningDisabledAndIgnored() throws Exception {
		String id = "evt-" + UUID.randomUUID();
		post(joined(id, "host"));
		assertThat(outcome(dryRun(joined(id, "host")))).isEqualTo("duplicate");
		assertThat(outcome(dryRun(joined("evt-" + UUID.randomUUID(), "host")))).isEqualTo("already-running");
		assertThat(outcome(dryRun(roomEvent("evt-" + UUID.randomUUID(), "assistant.requested")))).isEqualTo("disabled");
		assertThat(outcome(dryRun("{\"id\":\"evt-t\",\"type\":\"transcription.started\",\"data\":{}}")))
			.isEqualTo("ignored");
		JsonNode ended = json.readTree(dryRun(roomEvent("evt-" + UUID.randomUUID(), "room.session.ended")).body());
		assertThat(ended.get("stopsAssistants").asBoolean()).isTrue();
		assertThat(ended.get("stopped").toString()).isEqualTo("[\"default\"]");
		assertThat(this.launcher.launches).hasSize(1);
	}

	@Test
	void dryRunOfAnInvalidWebhookAnswers400WithTheReason() throws Exception {
		for (HttpResponse<String> response : List.of(
				dryRun("{\"id\":\"evt-x\",\"type\":\"room.client.joined\",\"data\":{}}"),
				dryRunRaw("{\"id\":\"evt-x\",\"type\":\"room.client.joined\",\"data\":{}}"),
				dryRunRaw("{\"hello\":1}"))) {
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/problem+json"));
			JsonNode problem = json.readTree(response.body());
			assertThat(problem.get("status").asInt()).isEqualTo(400);
			assertThat(problem.get("title").asString()).isEqualTo("Bad Request");
			assertThat(problem.get("detail").asString()).isNotBlank();
		}
		assertThat(json.readTree(dryRunRaw("{\"id\":\"evt-x\",\"type\":\"room.client.joined\",\"data\":{}}").body())
			.get("detail")
			.asString()).contains("data.roomName");
	}

	@Test
	void dryRunTakesTheWebhookAsWherebySendsIt() throws Exception {
		String id = "evt-" + UUID.randomUUID();
		JsonNode raw = json.readTree(dryRunRaw(joined(id, "host")).body());
		JsonNode quoted = json.readTree(dryRun(joined(id, "host")).body());
		assertThat(raw).isEqualTo(quoted);
		assertThat(raw.get("outcome").asString()).isEqualTo("launched");
		assertThat(this.launcher.launches).isEmpty();
	}

	@Test
	void everyLineLoggedWhileHandlingCarriesTheEventAndRoom() throws Exception {
		String id = "evt-" + UUID.randomUUID();
		post(joined(id, "host"));
		List<ILoggingEvent> lines = this.logs.list.stream()
			.filter((line) -> id.equals(line.getMDCPropertyMap().get("eventId")))
			.toList();
		assertThat(lines).allSatisfy((line) -> {
			assertThat(line.getMDCPropertyMap()).containsEntry("eventType", "room.client.joined")
				.containsEntry("room", "acme" + this.room);
		});
		assertThat(lines).filteredOn((line) -> line.getLevel() == Level.INFO)
			.extracting(ILoggingEvent::getFormattedMessage)
			.anySatisfy((message) -> assertThat(message).startsWith("Webhook " + id + " room.client.joined launched")
				.contains("triggers [host-joined]")
				.contains(" ms"))
			.anySatisfy((message) -> assertThat(message).startsWith("Launched assistant 'default' into"));
		assertThat(lines).filteredOn((line) -> line.getLevel() == Level.DEBUG)
			.extracting(ILoggingEvent::getFormattedMessage)
			.anySatisfy((message) -> assertThat(message).contains("trigger 'host-joined'").contains("gave true"));
		assertThat(lines).as("launcher lines run on the launch pool, with the same context")
			.anySatisfy((line) -> assertThat(line.getThreadName()).startsWith("whereby-launch-"));
		assertThat(this.logs.list).filteredOn((line) -> line.getFormattedMessage().startsWith("Webhook " + id))
			.hasSize(1);
	}

	@Test
	void handlingAndLaunchingAreObservedWithTheLaunchInsideTheWebhook() throws Exception {
		String id = "evt-" + UUID.randomUUID();
		post(joined(id, "host"));
		Observation.Context webhook = this.observations.named("whereby.webhook.handling");
		Observation.Context launch = this.observations.named("whereby.assistant.launch");
		assertThat(webhook.getLowCardinalityKeyValue("type").getValue()).isEqualTo("room.client.joined");
		assertThat(webhook.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("launched");
		assertThat(webhook.getHighCardinalityKeyValue("event.id").getValue()).isEqualTo(id);
		assertThat(launch.getLowCardinalityKeyValue("assistant").getValue()).isEqualTo("default");
		assertThat(launch.getParentObservation()).isNotNull();
		assertThat(launch.getParentObservation().getContextView().getName()).isEqualTo("whereby.webhook.handling");
		assertThat(get("/actuator/prometheus").body()).doesNotContain("whereby_webhook_handling")
			.doesNotContain("whereby_assistant_launch")
			.contains("whereby_webhooks_seconds_count");
	}

	private static JsonNode find(JsonNode array, String name) {
		for (JsonNode node : array) {
			if (name.equals(node.get("name").asString())) {
				return node;
			}
		}
		throw new AssertionError("No entry named " + name + " in " + array);
	}

	private static String outcome(HttpResponse<String> response) {
		return json.readTree(response.body()).get("outcome").asString();
	}

	private HttpResponse<String> dryRun(String body) throws IOException, InterruptedException {
		return dryRunRaw(json.writeValueAsString(Map.of("webhook", body)));
	}

	private HttpResponse<String> dryRunRaw(String body) throws IOException, InterruptedException {
		return this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/triggers"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build());
	}

	private HttpResponse<String> post(String body) throws IOException, InterruptedException {
		return this.client.deliver(body);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.client.get(path);
	}

	private String joined(String id, String role) {
		return WebhookBodies.joined(id, this.room, role);
	}

	private String roomEvent(String id, String type) {
		return WebhookBodies.roomEvent(id, type, this.room);
	}

	static class RecordingObservationHandler implements ObservationHandler<Observation.Context> {

		final List<Observation.Context> started = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Observation.Context context) {
			this.started.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context.getName().startsWith("whereby.");
		}

		Observation.Context named(String name) {
			return this.started.stream()
				.filter((context) -> context.getName().equals(name))
				.reduce((first, second) -> second)
				.orElseThrow(() -> new AssertionError("No observation " + name + " in " + this.started));
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		RecordingLauncher recordingLauncher() {
			return new RecordingLauncher();
		}

		@Bean
		RecordingObservationHandler recordingObservationHandler() {
			return new RecordingObservationHandler();
		}

		@Bean
		@WherebyTrigger(value = "assistant.requested", name = "invited")
		TriggerPredicate<io.github.wherebytrigger.webhook.AssistantRequested> invited() {
			return (requested) -> true;
		}

		@Bean
		@WherebyTrigger(value = "room.session.started", name = "session")
		TriggerPredicate<RoomSessionStarted> session() {
			return (started) -> false;
		}

	}

}

package io.github.wherebytrigger.reliability;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import io.github.wherebytrigger.testsupport.SecretLeakCheck;
import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dry run ({@code POST /actuator/triggers}) says is what the real delivery then
 * does: over a sequence of events of one room (launch, redelivery, session end, a late
 * event of the ended session, the next session, a host removing the assistant, a new
 * request), each event is dry-run, then delivered, and both must give the same outcome,
 * with {@code whereby.assistant.one-per-room} on and off.
 */
class DryRunParityIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	@ParameterizedTest(name = "one-per-room={0}")
	@ValueSource(booleans = { true, false })
	void dryRunAndDeliveryAgreeOnEveryEventOfARoomsHistory(boolean onePerRoom) throws Exception {
		try (ConfigurableApplicationContext application = start(onePerRoom)) {
			WebhookClient client = new WebhookClient(TestApplication.port(application), secrets);
			// One run with Actuator on a port of its own, the webhook posted as it is;
			// the
			// other on the webhook port, the webhook as a string.
			int managementPort = application.getEnvironment()
				.getProperty("local.management.port", Integer.class, client.port());
			boolean raw = !onePerRoom;
			assertThat(managementPort != client.port()).as("Actuator on a port of its own").isEqualTo(raw);
			String room = "/parity-" + UUID.randomUUID();
			String firstJoin = clientEvent("e1", "room.client.joined", room, "s-1", "host", "10:00:00");
			List<String> history = List.of(firstJoin,
					clientEvent("e2", "room.client.joined", room, "s-1", "host", "10:01:00"), firstJoin,
					clientEvent("e3", "room.client.joined", room, "s-1", "member", "10:02:00"),
					roomEvent("e4", "room.session.ended", room, "s-1", "11:00:00"),
					clientEvent("e5", "room.client.joined", room, "s-1", "host", "10:30:00"),
					clientEvent("e6", "room.client.joined", room, null, "host", "10:40:00"),
					clientEvent("e7", "room.client.joined", room, "s-2", "host", "12:00:00"),
					clientEvent("e8", "room.client.left", room, "s-2", "assistant", "12:05:00"),
					clientEvent("e9", "room.client.joined", room, "s-2", "host", "12:06:00"),
					roomEvent("e10", "assistant.requested", room, "s-2", "12:07:00"),
					roomEvent("e11", "room.session.ended", room, "s-1", "11:00:01"),
					clientEvent("e12", "room.client.joined", room, "s-2", "host", "12:08:00"),
					roomEvent("e13", "room.session.ended", room, "s-2", "13:00:00"));
			List<String> outcomes = new ArrayList<>();
			List<String> stopped = new ArrayList<>();
			for (String event : history) {
				JsonNode dryRun = json.readTree(dryRun(client, managementPort, event, raw).body());
				HttpResponse<String> delivered = client.deliver(event);
				assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
				String outcome = WebhookClient.outcome(delivered);
				assertThat(dryRun.get("outcome").asString()).as("dry run of %s", event).isEqualTo(outcome);
				String stops = WebhookClient.json(delivered.body()).get("stopped").toString();
				assertThat(dryRun.get("stopped").toString()).as("stopped in the dry run of %s", event).isEqualTo(stops);
				outcomes.add(outcome);
				stopped.add(stops);
			}
			if (onePerRoom) {
				assertThat(outcomes).containsExactly("launched", "already-running", "duplicate", "not-triggered",
						"not-triggered", "stale", "stale", "launched", "not-triggered", "removed", "launched",
						"not-triggered", "already-running", "not-triggered");
				// The end of s-1, the host's removal, the end of s-2; not the late end of
				// s-1.
				assertThat(stopped).containsExactly("[]", "[]", "[]", "[]", "[\"default\"]", "[]", "[]", "[]",
						"[\"default\"]", "[]", "[]", "[]", "[]", "[\"default\"]");
			}
			else {
				assertThat(outcomes).containsExactly("launched", "launched", "duplicate", "not-triggered",
						"not-triggered", "stale", "stale", "launched", "not-triggered", "launched", "launched",
						"not-triggered", "launched", "not-triggered");
				// Without one assistant per room, launches are not recorded per room.
				assertThat(stopped).containsOnly("[]");
			}
		}
	}

	private static HttpResponse<String> dryRun(WebhookClient client, int port, String body, boolean raw)
			throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/triggers"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(raw ? body : json.writeValueAsString(Map.of("webhook", body))))
			.build());
	}

	private static ConfigurableApplicationContext start(boolean onePerRoom) {
		return TestApplication.start(
				onePerRoom ? new String[] { "--server.port=0" }
						: new String[] { "--server.port=0", "--management.server.port=0" },
				"--whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET, "--whereby.webhook.tolerance=1h",
				"--whereby.assistant.one-per-room=" + onePerRoom,
				"--whereby.triggers.rules.host-joined.event=room.client.joined",
				"--whereby.triggers.rules.host-joined.condition=data.roleName == 'host'",
				"--whereby.triggers.rules.requested.event=assistant.requested");
	}

	/**
	 * An event about a client, with the host and that client in the room.
	 */
	private static String clientEvent(String id, String type, String room, @Nullable String session, String role,
			String time) {
		Map<String, Integer> clientsByRole = new LinkedHashMap<>(Map.of(role, 1));
		clientsByRole.merge("host", 1, Integer::sum);
		return WebhookBodies.clientEvent(id, type, room, session, role, clientsByRole, time);
	}

	private static String roomEvent(String id, String type, String room, String session, String time) {
		return WebhookBodies.roomEvent(id, type, room, session, time);
	}

}

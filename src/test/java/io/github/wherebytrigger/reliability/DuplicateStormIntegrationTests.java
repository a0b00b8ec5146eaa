package io.github.wherebytrigger.reliability;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import io.github.wherebytrigger.launch.LaunchRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whereby delivers the same event more than once, and its redeliveries can overlap. A
 * storm of 100 rooms, each with one event delivered 100 times in a shuffled order by 64
 * concurrent clients, must launch exactly one assistant per room and answer every
 * delivery 200.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET,
				"whereby.triggers.rules.host-joined.event=room.client.joined",
				"whereby.triggers.rules.host-joined.condition=data.roleName == 'host'" })
class DuplicateStormIntegrationTests {

	private static final int ROOMS = 100;

	private static final int DELIVERIES_PER_EVENT = 100;

	private static final int CLIENTS = 64;

	private static final long SEED = Long.getLong("reliability.seed", 20261120L);

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingLauncher launcher;

	@Test
	void hundredDeliveriesOfEachOfHundredEventsLaunchOncePerRoomAndAllAnswer200() throws Exception {
		WebhookClient client = new WebhookClient(this.port, secrets);
		List<String> rooms = new ArrayList<>();
		List<String> deliveries = new ArrayList<>();
		for (int i = 0; i < ROOMS; i++) {
			String room = "/storm-" + i;
			rooms.add(room);
			String body = WebhookBodies.joined("evt-storm-" + i, room, "host");
			deliveries.addAll(Collections.nCopies(DELIVERIES_PER_EVENT, body));
		}
		Collections.shuffle(deliveries, new Random(SEED));
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		List<Answer> answers;
		try {
			List<Future<Answer>> pending = new ArrayList<>(deliveries.size());
			for (String body : deliveries) {
				pending.add(clients.submit(() -> Answer.of(body, client.deliver(body))));
			}
			answers = new ArrayList<>(pending.size());
			for (Future<Answer> answer : pending) {
				answers.add(answer.get(60, TimeUnit.SECONDS));
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(answers).hasSize(ROOMS * DELIVERIES_PER_EVENT);
		Map<Integer, Long> statuses = answers.stream()
			.collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
		assertThat(statuses).as("statuses of all %d deliveries (seed %d)", answers.size(), SEED)
			.containsExactly(Map.entry(200, (long) ROOMS * DELIVERIES_PER_EVENT));
		Map<String, Map<String, Long>> outcomesByRoom = answers.stream()
			.collect(Collectors.groupingBy(Answer::room,
					Collectors.groupingBy(Answer::outcome, ConcurrentHashMap::new, Collectors.counting())));
		assertThat(outcomesByRoom).hasSize(ROOMS)
			.allSatisfy((room, outcomes) -> assertThat(outcomes).as("outcomes in %s", room)
				.containsOnly(Map.entry("launched", 1L), Map.entry("duplicate", (long) DELIVERIES_PER_EVENT - 1)));
		assertThat(this.launcher.launches).hasSize(ROOMS);
		Map<String, Long> launchesByRoom = this.launcher.launches.stream()
			.collect(Collectors.groupingBy(LaunchRequest::roomName, Collectors.counting()));
		assertThat(launchesByRoom).as("launches per room")
			.containsOnlyKeys(rooms)
			.allSatisfy((room, launches) -> assertThat(launches).isOne());
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey)
			.doesNotHaveDuplicates()
			.allSatisfy((key) -> assertThat(key).matches("default:acme/storm-(\\d+)@event-evt-storm-\\1#1"));
		assertThat(this.launcher.attempts).as("no launch was attempted twice").hasSize(ROOMS);
		assertThat(client.get("/actuator/health").body()).contains("\"status\":\"UP\"");
		assertThat(secrets.logLines()).as("one line logged per delivery, captured for the secret check")
			.filteredOn((line) -> line.getFormattedMessage().startsWith("Webhook evt-storm-"))
			.hasSize(ROOMS * DELIVERIES_PER_EVENT);
	}

	/**
	 * One delivery's answer.
	 */
	private record Answer(String room, int status, String outcome) {

		static Answer of(String body, HttpResponse<String> response) {
			String room = WebhookClient.json(body).path("data").path("roomName").asString();
			String outcome = (response.statusCode() == 200) ? WebhookClient.outcome(response)
					: "status " + response.statusCode() + ": " + response.body();
			return new Answer(room, response.statusCode(), outcome);
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

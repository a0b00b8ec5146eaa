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

import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whereby's worst case for deduplication: 100 rooms, each with one host join delivered
 * 100 times in a shuffled order by 64 concurrent clients. Every delivery must be answered
 * 200: {@code launched} once per room, {@code duplicate} for the rest.
 */
final class DuplicateStorm {

	static final int ROOMS = 100;

	static final int DELIVERIES_PER_EVENT = 100;

	static final int CLIENTS = 64;

	static final long SEED = Long.getLong("reliability.seed", 20261120L);

	private DuplicateStorm() {
	}

	/**
	 * Delivers the storm and checks every answer.
	 * @param client the client of the service
	 * @param name the prefix of the rooms ({@code /<name>-<n>}) and event ids
	 * ({@code evt-<name>-<n>})
	 * @return the rooms
	 */
	static List<String> deliver(WebhookClient client, String name) throws Exception {
		List<String> rooms = new ArrayList<>();
		List<String> deliveries = new ArrayList<>();
		for (int i = 0; i < ROOMS; i++) {
			String room = "/" + name + "-" + i;
			rooms.add(room);
			String body = WebhookBodies.joined("evt-" + name + "-" + i, room, "host");
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
		return rooms;
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

}

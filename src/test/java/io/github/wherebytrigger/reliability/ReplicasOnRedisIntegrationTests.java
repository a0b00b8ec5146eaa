package io.github.wherebytrigger.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import io.github.wherebytrigger.testsupport.SecretLeakCheck;
import io.github.wherebytrigger.testsupport.TestRedis;
import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances of the application, as three replicas behind one Service, share one
 * Redis (whereby.state.store=redis) and launch through the HTTP launcher into a worker on
 * loopback. A duplicate storm spread over them launches exactly once per room; an
 * instance restarted in the middle changes no answer; session ends sent to any instance
 * stop every room once; the next session launches once more, with a new launch key. Needs
 * a Redis (see {@link TestRedis}: skipped, saying why, without one; CI has one).
 */
class ReplicasOnRedisIntegrationTests {

	private static final int ROOMS = 30;

	private static final int DELIVERIES_PER_EVENT = 6;

	private static final int CLIENTS = 24;

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

	private final List<String> launches = new CopyOnWriteArrayList<>();

	private final List<String> stops = new CopyOnWriteArrayList<>();

	private HttpServer worker;

	@BeforeEach
	void start() throws IOException {
		redis.flushAll();
		this.worker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.worker.createContext("/assistants", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
			if (exchange.getRequestMethod().equals("POST")) {
				this.launches.add(key);
			}
			else {
				String path = exchange.getRequestURI().getRawPath();
				this.stops.add(URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8));
			}
			exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 204, -1);
			exchange.close();
		});
		this.worker.setExecutor(Executors.newFixedThreadPool(8));
		this.worker.start();
		for (int i = 0; i < 3; i++) {
			this.replicas.add(startReplica());
		}
	}

	@AfterEach
	void stop() {
		this.replicas.forEach(ConfigurableApplicationContext::close);
		this.worker.stop(0);
	}

	@Test
	void threeReplicasOnOneRedisBehaveAsOneService() throws Exception {
		List<String> firstJoins = new ArrayList<>();
		for (int room = 0; room < ROOMS; room++) {
			firstJoins.add(joined("join-" + room, room, "s1-" + room));
		}
		Map<String, Integer> answers = storm(firstJoins);
		assertThat(answers.keySet()).isSubsetOf("launched", "duplicate", "already-running");
		assertThat(answers.get("launched")).isEqualTo(ROOMS);
		assertThat(this.launches).hasSize(ROOMS).doesNotHaveDuplicates();
		assertThat(this.launches).allSatisfy((key) -> assertThat(key).matches("default:acme/room-\\d+@s1-\\d+#1"));

		// One replica dies and comes back: nothing it knew is lost.
		this.replicas.get(1).close();
		this.replicas.set(1, startReplica());
		WebhookClient restarted = client(this.replicas.get(1));
		assertThat(WebhookClient.outcome(restarted.deliver(firstJoins.get(0)))).isEqualTo("duplicate");
		assertThat(WebhookClient.outcome(restarted.deliver(joined("late-join-0", 0, "s1-0"))))
			.isEqualTo("already-running");
		assertThat(this.launches).hasSize(ROOMS);

		// The session ends, each room's end delivered to another replica, twice.
		for (int room = 0; room < ROOMS; room++) {
			String end = ended("end-" + room, room, "s1-" + room);
			assertThat(client(this.replicas.get(room % 3)).deliver(end).statusCode()).isEqualTo(200);
			assertThat(WebhookClient.outcome(client(this.replicas.get((room + 1) % 3)).deliver(end)))
				.isEqualTo("duplicate");
		}
		assertThat(this.stops).hasSize(ROOMS).containsExactlyInAnyOrderElementsOf(this.launches);
		assertThat(WebhookClient.outcome(client(this.replicas.get(2)).deliver(joined("old-join-3", 3, "s1-3"))))
			.as("a late join of the ended session")
			.isEqualTo("stale");

		// The next session launches once more per room, with a new launch key.
		List<String> secondJoins = new ArrayList<>();
		for (int room = 0; room < ROOMS; room++) {
			secondJoins.add(joined("join2-" + room, room, "s2-" + room));
		}
		assertThat(storm(secondJoins).get("launched")).isEqualTo(ROOMS);
		assertThat(this.launches).hasSize(2 * ROOMS).doesNotHaveDuplicates();
	}

	/**
	 * Delivers each body several times, shuffled, spread over the replicas, from many
	 * clients at once; every answer must be 200.
	 * @return how many answers had each outcome
	 */
	private Map<String, Integer> storm(List<String> bodies) throws Exception {
		List<String> deliveries = new ArrayList<>();
		for (String body : bodies) {
			for (int i = 0; i < DELIVERIES_PER_EVENT; i++) {
				deliveries.add(body);
			}
		}
		Collections.shuffle(deliveries, new Random(20261201L));
		List<WebhookClient> clients = this.replicas.stream().map(ReplicasOnRedisIntegrationTests::client).toList();
		ExecutorService senders = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			for (int i = 0; i < deliveries.size(); i++) {
				WebhookClient client = clients.get(i % clients.size());
				String body = deliveries.get(i);
				answers.add(senders.submit(() -> client.deliver(body)));
			}
			Map<String, Integer> outcomes = new ConcurrentHashMap<>();
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				outcomes.merge(WebhookClient.outcome(response), 1, Integer::sum);
			}
			return outcomes;
		}
		finally {
			senders.shutdownNow();
		}
	}

	private ConfigurableApplicationContext startReplica() {
		return TestApplication
			.start("--server.port=0", "--whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET,
					"--whereby.state.store=redis", "--spring.data.redis.url=" + redis.url(),
					"--whereby.state.key-prefix=replicas:", "--whereby.launcher.type=http",
					"--whereby.launcher.http.url=http://127.0.0.1:" + this.worker.getAddress().getPort()
							+ "/assistants",
					"--whereby.triggers.rules.host-joined.event=room.client.joined",
					"--whereby.triggers.rules.host-joined.condition=data.roleName == 'host'");
	}

	private static WebhookClient client(ConfigurableApplicationContext replica) {
		return new WebhookClient(TestApplication.port(replica), secrets);
	}

	private static String joined(String id, int room, String session) {
		return WebhookBodies.clientEvent(id, WebhookBodies.JOINED, "/room-" + room, session, "host", Map.of("host", 2),
				"10:15:00");
	}

	private static String ended(String id, int room, String session) {
		return WebhookBodies.roomEvent(id, "room.session.ended", "/room-" + room, session, "11:15:00");
	}

}

package io.github.wherebytrigger.reliability;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import io.github.wherebytrigger.testsupport.SecretLeakCheck;
import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of first joins, each for its own room, against an HTTP worker that takes 200 ms
 * per launch: while the worker keeps up (max-concurrent-launches over its latency: 32 /
 * 0.2 s = 160 launches a second, 200 rooms in 1.25 s, within the 3 s deadline) every room
 * is launched without a 503, the excess calls waiting their turn; beyond that (2 at a
 * time: 10 a second) the service degrades to 503s for what cannot be served in time.
 */
class LaunchBurstIntegrationTests {

	private static final int ROOMS = 200;

	private static final int CONNECTIONS = 128;

	private static final long WORKER_MILLIS = 200;

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	private LoopbackWorker worker;

	@BeforeEach
	void startWorker() throws IOException {
		this.worker = LoopbackWorker.start(64, WORKER_MILLIS);
	}

	@AfterEach
	void stopWorker() {
		this.worker.close();
	}

	@Test
	void aBurstTheWorkerCanServeWithinTheDeadlineLaunchesEveryRoom() throws Exception {
		try (ConfigurableApplicationContext application = start()) {
			Map<Integer, Integer> statuses = burst(application, "burst");
			assertThat(statuses).containsOnlyKeys(200).containsEntry(200, ROOMS);
			assertThat(this.worker.launched).hasSize(ROOMS).doesNotHaveDuplicates();
		}
	}

	@Test
	void aBurstBeyondWhatTheWorkerCanServeInTimeDegradesTo503ForTheRestOnly() throws Exception {
		try (ConfigurableApplicationContext application = start("--whereby.launcher.max-concurrent-launches=2")) {
			Map<Integer, Integer> statuses = burst(application, "beyond");
			assertThat(statuses.keySet()).isSubsetOf(200, 503);
			assertThat(statuses.get(200)).as("launched in time").isPositive();
			assertThat(statuses.get(503)).as("answered 503, to be delivered again").isPositive();
			assertThat(this.worker.launched).hasSizeGreaterThanOrEqualTo(statuses.get(200));
		}
	}

	/**
	 * Delivers one first join per room, all at once from many connections.
	 * @return how many answers had each status
	 */
	private Map<Integer, Integer> burst(ConfigurableApplicationContext application, String name) throws Exception {
		WebhookClient client = new WebhookClient(TestApplication.port(application), secrets);
		ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			for (int room = 0; room < ROOMS; room++) {
				String body = joined(name + "-" + room, "/" + name + "-" + room);
				answers.add(senders.submit(() -> {
					start.await();
					return client.deliver(body);
				}));
			}
			start.countDown();
			Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
				if (response.statusCode() == 200) {
					assertThat(WebhookClient.outcome(response)).isEqualTo("launched");
				}
				else {
					assertThat(response.headers().firstValue("Retry-After")).isPresent();
				}
				statuses.merge(response.statusCode(), 1, Integer::sum);
			}
			return statuses;
		}
		finally {
			senders.shutdownNow();
		}
	}

	private ConfigurableApplicationContext start(String... more) {
		List<String> args = new ArrayList<>(List.of(this.worker.launcherArgs()));
		args.addAll(List.of("--server.port=0", "--whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET,
				"--whereby.triggers.rules.host-joined.event=room.client.joined",
				"--logging.level.io.github.wherebytrigger=warn"));
		args.addAll(List.of(more));
		return TestApplication.start(args.toArray(String[]::new));
	}

	private static String joined(String id, String room) {
		return WebhookBodies.clientEvent(id, WebhookBodies.JOINED, room, "s-" + id, "host", Map.of("host", 1),
				"10:15:00");
	}

}

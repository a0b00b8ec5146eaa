package io.github.wherebytrigger.reliability;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Webhooks that launch nothing do not wait behind launches: with two request threads and
 * a worker that takes 1.5 s per launch, six launching webhooks are in hand while ten that
 * launch nothing are answered, before any launch is.
 */
class SlowLauncherIntegrationTests {

	private static final long WORKER_MILLIS = 1500;

	private static final int LAUNCHING = 6;

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	private LoopbackWorker worker;

	@BeforeEach
	void startWorker() throws IOException {
		this.worker = LoopbackWorker.start(LAUNCHING, WORKER_MILLIS);
	}

	@AfterEach
	void stopWorker() {
		this.worker.close();
	}

	@Test
	void webhooksThatLaunchNothingAreAnsweredWhileLaunchesWaitForTheWorker() throws Exception {
		List<String> args = new ArrayList<>(List.of(this.worker.launcherArgs()));
		args.addAll(List.of("--server.port=0", "--server.tomcat.threads.max=2", "--server.tomcat.threads.min-spare=1",
				"--whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET,
				"--whereby.triggers.rules.host-joined.event=room.client.joined",
				"--whereby.triggers.rules.host-joined.condition=data.roleName == 'host'",
				"--logging.level.io.github.wherebytrigger=warn"));
		ExecutorService senders = Executors.newFixedThreadPool(LAUNCHING);
		try (ConfigurableApplicationContext application = TestApplication.start(args.toArray(String[]::new))) {
			WebhookClient client = new WebhookClient(TestApplication.port(application), secrets);
			List<Future<HttpResponse<String>>> launches = new ArrayList<>();
			for (int room = 0; room < LAUNCHING; room++) {
				String body = joined("evt-host-" + room, "/slow-" + room, "host");
				launches.add(senders.submit(() -> client.deliver(body)));
			}
			Thread.sleep(200);
			for (int guest = 0; guest < 10; guest++) {
				HttpResponse<String> answer = client.deliver(joined("evt-guest-" + guest, "/quick-" + guest, "guest"));
				assertThat(answer.statusCode()).isEqualTo(200);
				assertThat(WebhookClient.outcome(answer)).isEqualTo("not-triggered");
			}
			assertThat(launches).as("launches still waiting for the worker").noneMatch(Future::isDone);
			for (Future<HttpResponse<String>> launch : launches) {
				HttpResponse<String> answer = launch.get(10, TimeUnit.SECONDS);
				assertThat(answer.statusCode()).isEqualTo(200);
				assertThat(WebhookClient.outcome(answer)).isEqualTo("launched");
			}
			assertThat(this.worker.launched).hasSize(LAUNCHING);
		}
		finally {
			senders.shutdownNow();
		}
	}

	private static String joined(String id, String room, String role) {
		return WebhookBodies.clientEvent(id, WebhookBodies.JOINED, room, "s-" + id, role, Map.of(role, 1), "10:15:00");
	}

}

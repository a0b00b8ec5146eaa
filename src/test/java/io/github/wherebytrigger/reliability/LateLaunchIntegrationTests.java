package io.github.wherebytrigger.reliability;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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
 * A worker that answers too late for the launch deadline but starts the assistant all the
 * same: every delivery is answered 503, and the end of the meeting stops what the worker
 * started late, by its launch key (issue 11: no orphan assistants).
 */
class LateLaunchIntegrationTests {

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	private LoopbackWorker worker;

	@BeforeEach
	void startWorker() throws IOException {
		// Later than the deadline; the assistant starts all the same.
		this.worker = LoopbackWorker.start(4, 1500);
	}

	@AfterEach
	void stopWorker() {
		this.worker.close();
	}

	@Test
	void aLaunchTheWorkerCarriedOutAfterThe503IsStoppedWhenItsMeetingEnds() throws Exception {
		try (ConfigurableApplicationContext application = TestApplication.start(this.worker.launcherArgs(),
				"--server.port=0", "--whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET,
				"--whereby.launcher.deadline=1s", "--whereby.triggers.rules.host-joined.event=room.client.joined",
				"--logging.level.io.github.wherebytrigger=warn")) {
			WebhookClient client = new WebhookClient(TestApplication.port(application), secrets);
			HttpResponse<String> join = client.deliver(WebhookBodies.joined("evt-late-1", "/late", "host"));
			assertThat(join.statusCode()).as(join.body()).isEqualTo(503);
			String launchKey = "default:acme/late@event-evt-late-1#1";
			awaitUntil(() -> this.worker.launched.contains(launchKey));

			HttpResponse<String> ended = client
				.deliver(WebhookBodies.roomEvent("evt-late-2", "room.session.ended", "/late"));
			assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
			assertThat(this.worker.stopped).containsExactly(launchKey);
		}
	}

	private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
		long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean() && System.nanoTime() < giveUp) {
			Thread.sleep(20);
		}
		assertThat(condition.getAsBoolean()).as("the worker carried the launch out").isTrue();
	}

}

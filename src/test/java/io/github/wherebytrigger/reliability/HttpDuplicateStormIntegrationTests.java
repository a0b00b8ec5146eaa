package io.github.wherebytrigger.reliability;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import io.github.wherebytrigger.testsupport.SecretLeakCheck;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link DuplicateStorm} through the HTTP launcher, against a loopback worker that
 * takes 50 ms per launch: every delivery answered 200, exactly one launch call per room
 * (issue 11).
 */
class HttpDuplicateStormIntegrationTests {

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	private LoopbackWorker worker;

	@BeforeEach
	void startWorker() throws IOException {
		this.worker = LoopbackWorker.start(32, 50);
	}

	@AfterEach
	void stopWorker() {
		this.worker.close();
	}

	@Test
	void hundredDeliveriesOfEachOfHundredEventsCallTheWorkerOncePerRoom() throws Exception {
		try (ConfigurableApplicationContext application = TestApplication.start(this.worker.launcherArgs(),
				"--server.port=0", "--whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET,
				"--whereby.triggers.rules.host-joined.event=room.client.joined",
				"--logging.level.io.github.wherebytrigger=warn")) {
			DuplicateStorm.deliver(new WebhookClient(TestApplication.port(application), secrets), "http-storm");
			assertThat(this.worker.launched).hasSize(DuplicateStorm.ROOMS)
				.doesNotHaveDuplicates()
				.allSatisfy(
						(key) -> assertThat(key).matches("default:acme/http-storm-(\\d+)@event-evt-http-storm-\\1#1"));
		}
	}

}

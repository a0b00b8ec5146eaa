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
import io.github.wherebytrigger.testsupport.RecordingLauncher;
import io.github.wherebytrigger.testsupport.SecretLeakCheck;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whereby delivers the same event more than once, and its redeliveries can overlap: the
 * {@link DuplicateStorm} must launch exactly one assistant per room, attempted once, and
 * answer every delivery 200. {@link HttpDuplicateStormIntegrationTests} does the same
 * through the HTTP launcher and a loopback worker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET,
				"whereby.triggers.rules.host-joined.event=room.client.joined",
				"whereby.triggers.rules.host-joined.condition=data.roleName == 'host'" })
class DuplicateStormIntegrationTests {

	private static final int ROOMS = DuplicateStorm.ROOMS;

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingLauncher launcher;

	@Test
	void hundredDeliveriesOfEachOfHundredEventsLaunchOncePerRoomAndAllAnswer200() throws Exception {
		WebhookClient client = new WebhookClient(this.port, secrets);
		List<String> rooms = DuplicateStorm.deliver(client, "storm");
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
			.hasSize(ROOMS * DuplicateStorm.DELIVERIES_PER_EVENT);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		RecordingLauncher recordingLauncher() {
			return new RecordingLauncher();
		}

	}

}

package io.github.wherebytrigger.trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.wherebytrigger.state.StateConfiguration;
import io.github.wherebytrigger.launch.LaunchConfiguration;
import io.github.wherebytrigger.launch.StopRequest;
import io.github.wherebytrigger.launch.log.LoggingLauncherConfiguration;
import io.github.wherebytrigger.system.SystemConfiguration;
import io.github.wherebytrigger.testsupport.RecordingLauncher;
import io.github.wherebytrigger.webhook.ClientData;
import io.github.wherebytrigger.webhook.RoomClientJoined;
import io.github.wherebytrigger.webhook.RoomData;
import io.github.wherebytrigger.webhook.RoomSessionEnded;
import io.github.wherebytrigger.webhook.WebhookHandler;
import io.github.wherebytrigger.webhook.WebhookOutcome;
import io.github.wherebytrigger.webhook.WebhookResult;
import io.github.wherebytrigger.webhook.WherebyWebhook;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TriggerWebhookHandler}, with the real
 * {@link io.github.wherebytrigger.launch.AssistantCoordinator} in front of a recording
 * launcher.
 */
class TriggerWebhookHandlerTests {

	private static final Instant CREATED_AT = Instant.parse("2025-03-01T10:15:30Z");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SystemConfiguration.class, LoggingLauncherConfiguration.class,
				StateConfiguration.class, LaunchConfiguration.class, TriggerConfiguration.class))
		.withUserConfiguration(HandlerTestConfiguration.class);

	@Test
	void handleWhenTypeIsNotEnabledShouldAnswerDisabledWithoutEvaluating() {
		this.contextRunner.withPropertyValues("whereby.triggers.enabled=room.session.started").run((context) -> {
			WebhookResult result = handle(context, joined("evt-1", "host"));
			assertThat(result.outcome()).isEqualTo(WebhookOutcome.DISABLED);
			assertThat(result.triggers()).isEmpty();
			assertThat(context.getBean(HostJoined.class).evaluations).hasValue(0);
			assertThat(context.getBean(RecordingLauncher.class).launches).isEmpty();
		});
	}

	@Test
	void handleWhenNoTriggerFiresShouldAnswerNotTriggered() {
		this.contextRunner.run((context) -> {
			WebhookResult result = handle(context, joined("evt-1", "member"));
			assertThat(result.outcome()).isEqualTo(WebhookOutcome.NOT_TRIGGERED);
			assertThat(result.triggers()).isEmpty();
			assertThat(result.roomUrl()).isEqualTo("https://acme.whereby.com/room");
			assertThat(context.getBean(HostJoined.class).evaluations).hasValue(1);
			assertThat(context.getBean(RecordingLauncher.class).launches).isEmpty();
		});
	}

	@Test
	void handleWhenTriggersFireShouldLaunchIntoRoomWithTheirNames() {
		this.contextRunner.withPropertyValues("whereby.triggers.rules.anyJoin.event=room.client.joined")
			.run((context) -> {
				RoomClientJoined joined = joined("evt-1", "host");
				WebhookResult result = handle(context, joined);
				assertThat(result.id()).isEqualTo("evt-1");
				assertThat(result.type()).isEqualTo("room.client.joined");
				assertThat(result.outcome()).isEqualTo(WebhookOutcome.LAUNCHED);
				assertThat(result.triggers()).containsExactly("hostJoined", "anyJoin");
				assertThat(result.roomUrl()).isEqualTo("https://acme.whereby.com/room");
				assertThat(context.getBean(RecordingLauncher.class).launches).singleElement().satisfies((launch) -> {
					assertThat(launch.roomUrl()).isEqualTo("https://acme.whereby.com/room");
					assertThat(launch.webhook()).isSameAs(joined);
					assertThat(launch.triggers()).containsExactly("hostJoined", "anyJoin");
				});
			});
	}

	@Test
	void handleWhenRoomBaseDomainIsSetShouldUseItInRoomUrl() {
		this.contextRunner.withPropertyValues("whereby.room-base-domain=example.org").run((context) -> {
			WebhookResult result = handle(context, joined("evt-1", "host"));
			assertThat(result.outcome()).isEqualTo(WebhookOutcome.LAUNCHED);
			assertThat(result.roomUrl()).isEqualTo("https://acme.example.org/room");
			assertThat(context.getBean(RecordingLauncher.class).launches).singleElement()
				.satisfies((launch) -> assertThat(launch.roomUrl()).isEqualTo("https://acme.example.org/room"));
		});
	}

	@Test
	void handleWhenAssistantRunsInRoomShouldAnswerAlreadyRunning() {
		this.contextRunner.run((context) -> {
			assertThat(handle(context, joined("evt-1", "host")).outcome()).isEqualTo(WebhookOutcome.LAUNCHED);
			WebhookResult second = handle(context, joined("evt-2", "host"));
			assertThat(second.outcome()).isEqualTo(WebhookOutcome.ALREADY_RUNNING);
			assertThat(second.triggers()).containsExactly("hostJoined");
			assertThat(context.getBean(RecordingLauncher.class).launches).hasSize(1);
		});
	}

	@Test
	void handleWhenSessionEndedShouldStopAssistantAndFreeRoomForNextLaunch() {
		this.contextRunner.run((context) -> {
			RecordingLauncher launcher = context.getBean(RecordingLauncher.class);
			assertThat(handle(context, joined("evt-1", "host")).outcome()).isEqualTo(WebhookOutcome.LAUNCHED);
			RoomSessionEnded ended = new RoomSessionEnded("evt-2", "1.0", CREATED_AT,
					new RoomData("meeting-1", "/room", "session-1", "acme"));
			WebhookResult endResult = handle(context, ended);
			assertThat(endResult.outcome()).isEqualTo(WebhookOutcome.NOT_TRIGGERED);
			StopRequest stop = launcher.awaitStop(Duration.ofSeconds(5));
			assertThat(stop).as("stop request").isNotNull();
			assertThat(stop.roomUrl()).isEqualTo("https://acme.whereby.com/room");
			assertThat(stop.launchKey()).isEqualTo(launcher.launches.get(0).launchKey());
			assertThat(stop.webhook()).isSameAs(ended);
			assertThat(handle(context, joined("evt-3", "host")).outcome()).as("a late join of the ended session")
				.isEqualTo(WebhookOutcome.STALE);
			assertThat(handle(context, joined("evt-4", "host", "session-2")).outcome())
				.isEqualTo(WebhookOutcome.LAUNCHED);
			assertThat(launcher.launches).hasSize(2);
			assertThat(launcher.launches.get(1).launchKey()).isNotEqualTo(launcher.launches.get(0).launchKey());
		});
	}

	@Test
	void handleWhenSessionEndedTypeIsNotEnabledShouldStillStopAssistant() {
		this.contextRunner.withPropertyValues("whereby.triggers.enabled=room.client.joined").run((context) -> {
			RecordingLauncher launcher = context.getBean(RecordingLauncher.class);
			assertThat(handle(context, joined("evt-1", "host")).outcome()).isEqualTo(WebhookOutcome.LAUNCHED);
			RoomSessionEnded ended = new RoomSessionEnded("evt-2", "1.0", CREATED_AT,
					new RoomData("meeting-1", "/room", "session-1", "acme"));
			assertThat(handle(context, ended).outcome()).isEqualTo(WebhookOutcome.DISABLED);
			assertThat(launcher.awaitStop(Duration.ofSeconds(5))).as("stop request").isNotNull();
			assertThat(handle(context, joined("evt-3", "host", "session-2")).outcome())
				.isEqualTo(WebhookOutcome.LAUNCHED);
		});
	}

	private static WebhookResult handle(AssertableApplicationContext context, WherebyWebhook webhook) {
		assertThat(context).hasNotFailed();
		return context.getBean(WebhookHandler.class).handle(webhook, System.nanoTime());
	}

	private static RoomClientJoined joined(String id, String roleName) {
		return joined(id, roleName, "session-1");
	}

	private static RoomClientJoined joined(String id, String roleName, String session) {
		return new RoomClientJoined(id, "1.0", CREATED_AT, new ClientData("meeting-1", "/room", session, "acme",
				roleName, "Pat", "participant-" + id, null, null, 2, Map.of(roleName, 1), false));
	}

	@Configuration(proxyBeanMethods = false)
	static class HandlerTestConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		RecordingLauncher recordingLauncher() {
			return new RecordingLauncher();
		}

		@Bean
		HostJoined hostJoined() {
			return new HostJoined();
		}

	}

	@WherebyTrigger("room.client.joined")
	static class HostJoined implements TriggerPredicate<RoomClientJoined> {

		final AtomicInteger evaluations = new AtomicInteger();

		@Override
		public boolean test(RoomClientJoined joined) {
			this.evaluations.incrementAndGet();
			return "host".equals(joined.data().roleName());
		}

	}

}

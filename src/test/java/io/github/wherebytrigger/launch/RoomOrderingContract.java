package io.github.wherebytrigger.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.wherebytrigger.launch.AssistantCoordinatorTests.ScriptedLauncher;
import io.github.wherebytrigger.state.RoomStateStore;
import io.github.wherebytrigger.webhook.AssistantRequested;
import io.github.wherebytrigger.webhook.ClientData;
import io.github.wherebytrigger.webhook.RoomClientJoined;
import io.github.wherebytrigger.webhook.RoomClientLeft;
import io.github.wherebytrigger.webhook.RoomData;
import io.github.wherebytrigger.webhook.RoomSessionEnded;
import io.github.wherebytrigger.webhook.WherebyWebhook;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ordering rules of a room (see {@link RoomRules}) as the coordinator applies them,
 * with each room-state store: events of one room delivered late, twice, out of order and
 * with Whereby's clocks a little apart. Two coordinators on one store stand for two
 * replicas, or for an instance before and after a restart.
 */
abstract class RoomOrderingContract {

	private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

	private final ScriptedLauncher launcher = new ScriptedLauncher();

	private final AssistantProperties properties = new AssistantProperties();

	private final LauncherProperties launcherProperties = new LauncherProperties();

	private RoomStateStore store;

	private LauncherCalls calls;

	abstract RoomStateStore newStore();

	@BeforeEach
	void start() {
		this.store = newStore();
		this.calls = new LauncherCalls(this.launcherProperties, new SimpleMeterRegistry(), ObservationRegistry.NOOP);
	}

	@AfterEach
	void stopCalls() {
		this.calls.destroy();
	}

	@Test
	void aLateEndOfThePreviousSessionDoesNotStopTheNewSessionsAssistant() {
		AssistantCoordinator replica = coordinator();
		assertThat(launch(replica, joined("e1", "s-1", 0))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(stop(replica, ended("e2", "s-1", 60))).containsExactly("default");
		assertThat(launch(replica, joined("e3", "s-2", 120))).isEqualTo(LaunchOutcome.LAUNCHED);
		// s-1's end again (a redelivery with another id) and a late end without a session
		assertThat(stop(replica, ended("e4", "s-1", 61))).isEmpty();
		assertThat(stop(replica, ended("e5", null, 62))).isEmpty();
		assertThat(this.launcher.stops).extracting(StopRequest::launchKey)
			.containsExactly("default:acme/standup@s-1#1");
		assertThat(launch(replica, joined("e6", "s-2", 130))).isEqualTo(LaunchOutcome.ALREADY_RUNNING);
		assertThat(stop(replica, ended("e7", "s-2", 200))).containsExactly("default");
		assertThat(this.launcher.stops).extracting(StopRequest::launchKey)
			.containsExactly("default:acme/standup@s-1#1", "default:acme/standup@s-2#1");
	}

	@Test
	void aLaunchForAnEndedSessionIsStaleAndTheNextSessionLaunchesWithANewKey() {
		AssistantCoordinator replica = coordinator();
		launch(replica, joined("e1", "s-1", 0));
		stop(replica, ended("e2", "s-1", 60));
		assertThat(launch(replica, joined("e3", "s-1", 30))).isEqualTo(LaunchOutcome.STALE);
		assertThat(launch(replica, joined("e4", "s-1", 90))).as("same session, even if created after its end")
			.isEqualTo(LaunchOutcome.STALE);
		assertThat(launch(replica, joined("e5", "s-2", 120))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey)
			.containsExactly("default:acme/standup@s-1#1", "default:acme/standup@s-2#1");
	}

	@Test
	void aNewSessionsFirstJoinWithoutSessionIdWithinTheClockSkewLaunches() {
		AssistantCoordinator replica = coordinator();
		launch(replica, joined("e1", "s-1", 0));
		stop(replica, ended("e2", "s-1", 60));
		// Whereby's clocks put the next meeting's first join half a second before the
		// end.
		assertThat(launch(replica, joinedAt("e3", null, T0.plusMillis(59_500)))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey)
			.containsExactly("default:acme/standup@s-1#1", "default:acme/standup@event-e3#1");
	}

	@Test
	void aSessionlessEventCreatedWellBeforeTheEndIsStale() {
		AssistantCoordinator replica = coordinator();
		launch(replica, joined("e1", "s-1", 0));
		stop(replica, ended("e2", "s-1", 60));
		assertThat(launch(replica, joined("e3", null, 10))).isEqualTo(LaunchOutcome.STALE);
	}

	@Test
	void aNewSessionsJoinCreatedBeforeTheEndByClockSkewStillLaunches() {
		AssistantCoordinator replica = coordinator();
		launch(replica, joined("e1", "s-1", 0));
		stop(replica, ended("e2", "s-1", 60));
		assertThat(launch(replica, joinedAt("e3", "s-2", T0.plusMillis(59_000)))).isEqualTo(LaunchOutcome.LAUNCHED);
	}

	@Test
	void anEndWithoutSessionIdStopsTheAssistantLaunchedBeforeIt() {
		AssistantCoordinator replica = coordinator();
		launch(replica, joined("e1", null, 0));
		assertThat(stop(replica, ended("e2", null, 60))).containsExactly("default");
		assertThat(launch(replica, joined("e3", null, 30))).isEqualTo(LaunchOutcome.STALE);
		assertThat(launch(replica, joined("e4", null, 120))).isEqualTo(LaunchOutcome.LAUNCHED);
	}

	@Test
	void anAssistantAHostRemovedIsNotRelaunchedIntoTheSessionUntilRequested() {
		AssistantCoordinator replica = coordinator();
		launch(replica, joined("e1", "s-1", 0));
		assertThat(stop(replica, assistantLeft("e2", "s-1", 30))).containsExactly("default");
		assertThat(this.launcher.stops).extracting(StopRequest::launchKey)
			.containsExactly("default:acme/standup@s-1#1");
		assertThat(launch(replica, joined("e3", "s-1", 40))).isEqualTo(LaunchOutcome.REMOVED);
		assertThat(launch(replica, requested("e4", "s-1", 50))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey)
			.containsExactly("default:acme/standup@s-1#1", "default:acme/standup@s-1#2");
		assertThat(launch(replica, joined("e5", "s-1", 60))).isEqualTo(LaunchOutcome.ALREADY_RUNNING);
	}

	@Test
	void aRemovalDoesNotCarryOverToTheNextSession() {
		AssistantCoordinator replica = coordinator();
		launch(replica, joined("e1", "s-1", 0));
		stop(replica, assistantLeft("e2", "s-1", 30));
		stop(replica, ended("e3", "s-1", 60));
		assertThat(launch(replica, joined("e4", "s-2", 120))).isEqualTo(LaunchOutcome.LAUNCHED);
	}

	@Test
	void twoReplicasOnOneStoreLaunchOnceAndEitherStopsIt() {
		AssistantCoordinator one = coordinator();
		AssistantCoordinator two = coordinator();
		assertThat(launch(one, joined("e1", "s-1", 0))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(launch(two, joined("e2", "s-1", 5))).isEqualTo(LaunchOutcome.ALREADY_RUNNING);
		assertThat(stop(two, ended("e3", "s-1", 60))).containsExactly("default");
		assertThat(this.launcher.stops).extracting(StopRequest::launchKey)
			.containsExactly("default:acme/standup@s-1#1");
		assertThat(launch(one, joined("e4", "s-2", 120))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).hasSize(2);
	}

	@Test
	void aClaimWhoseHolderDiedIsTakenOverWithTheSameLaunchKey() {
		Instant[] now = { T0 };
		AssistantCoordinator dying = coordinator(Clock.fixed(T0, ZoneOffset.UTC));
		this.launcher.onLaunch = (request) -> {
			throw new IllegalStateException("the process dies mid-launch");
		};
		// A replica that dies after claiming leaves a launching claim behind: simulate it
		// with a direct claim through the rules, as the coordinator would write it.
		RoomRules rules = new RoomRules(Duration.ofSeconds(1), Duration.ofSeconds(5));
		RoomLedger ledger = new RoomLedger(this.store, Duration.ofHours(1));
		RoomKey room = new RoomKey("default", "acme", "/standup");
		ledger.update(room, (record) -> rules.decideLaunch(record, RoomEvent.of(joined("e1", "s-1", 0)), true, room,
				"https://acme.whereby.com/standup", now[0]), RoomRules.LaunchDecision::after);
		this.launcher.onLaunch = (request) -> {
		};
		AssistantCoordinator survivor = coordinator(Clock.fixed(T0.plusSeconds(10), ZoneOffset.UTC));
		assertThat(launch(survivor, joined("e1", "s-1", 0))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey)
			.containsExactly("default:acme/standup@s-1#1");
		assertThat(dying).isNotNull();
	}

	private AssistantCoordinator coordinator() {
		return coordinator(Clock.fixed(T0, ZoneOffset.UTC));
	}

	private AssistantCoordinator coordinator(Clock clock) {
		RoomRules rules = new RoomRules(this.properties.getClockSkew(),
				this.launcherProperties.getDeadline().plusSeconds(2));
		return new AssistantCoordinator(Map.of("default", new ConfiguredLauncher("default", "scripted", this.launcher)),
				this.properties, new RoomLedger(this.store, this.properties.getForgetAfter()), rules, this.calls,
				clock);
	}

	private static LaunchOutcome launch(AssistantCoordinator coordinator, WherebyWebhook webhook) {
		return coordinator.launch(webhook, "https://acme.whereby.com/standup", Map.of("default", List.of("t")),
				System.nanoTime());
	}

	private static List<String> stop(AssistantCoordinator coordinator, WherebyWebhook webhook) {
		return coordinator.stopIfEnded(webhook, "https://acme.whereby.com/standup", System.nanoTime());
	}

	private static RoomClientJoined joined(String id, @Nullable String session, int second) {
		return joinedAt(id, session, T0.plusSeconds(second));
	}

	private static RoomClientJoined joinedAt(String id, @Nullable String session, Instant createdAt) {
		return new RoomClientJoined(id, "1.0", createdAt, new ClientData(null, "/standup", session, "acme", "host",
				"Ada", "p_1", null, null, 2, Map.of("host", 2), false));
	}

	private static RoomClientLeft assistantLeft(String id, @Nullable String session, int second) {
		return new RoomClientLeft(id, "1.0", T0.plusSeconds(second), new ClientData(null, "/standup", session, "acme",
				"assistant", "Notetaker", "p_9", null, null, 2, Map.of("host", 2, "assistant", 0), false));
	}

	private static RoomSessionEnded ended(String id, @Nullable String session, int second) {
		return new RoomSessionEnded(id, "1.0", T0.plusSeconds(second), new RoomData(null, "/standup", session, "acme"));
	}

	private static AssistantRequested requested(String id, @Nullable String session, int second) {
		return new AssistantRequested(id, "1.0", T0.plusSeconds(second),
				new RoomData(null, "/standup", session, "acme"));
	}

}

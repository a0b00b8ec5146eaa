package io.github.wherebytrigger.launch;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.wherebytrigger.launch.RecordedAssistants.AssistantState;
import io.github.wherebytrigger.launch.AssistantsEndpoint.Entry;
import io.github.wherebytrigger.webhook.ClientData;
import io.github.wherebytrigger.webhook.RoomClientJoined;
import io.github.wherebytrigger.webhook.RoomClientLeft;
import io.github.wherebytrigger.webhook.RoomData;
import io.github.wherebytrigger.webhook.RoomSessionEnded;
import io.github.wherebytrigger.webhook.RoomSessionStarted;
import io.github.wherebytrigger.webhook.WherebyWebhook;
import io.github.wherebytrigger.state.RoomStateStore;
import io.github.wherebytrigger.state.RoomStateStores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link AssistantCoordinator}: one assistant per room, retries within the
 * deadline, stopping, recovery and what it reports, with scripted launchers.
 */
class AssistantCoordinatorTests {

	private static final Instant NOW = Instant.parse("2026-11-20T10:15:00Z");

	private static final String ROOM_URL = "https://acme.whereby.com/standup";

	private static final String FIRST_KEY = "default:acme/standup@s-1#1";

	private static final String SECOND_KEY = "default:acme/standup@s-1#2";

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final MeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final LauncherProperties launcherProperties = new LauncherProperties();

	private final AssistantProperties assistantProperties = new AssistantProperties();

	private final ScriptedLauncher launcher = new ScriptedLauncher();

	private final RoomStateStore store = RoomStateStores.memory();

	private final List<LauncherCalls> calls = new ArrayList<>();

	private final Map<AssistantCoordinator, RecordedAssistants> recorded = new LinkedHashMap<>();

	AssistantCoordinatorTests() {
		this.launcherProperties.getRetry().setInitialBackoff(Duration.ofMillis(10));
		this.launcherProperties.getRetry().setMaxBackoff(Duration.ofMillis(20));
	}

	@AfterEach
	void destroyCoordinators() {
		this.calls.forEach(LauncherCalls::destroy);
	}

	@Test
	void launchWhenAssistantRunsInRoomShouldAnswerAlreadyRunningWithoutCallingLauncher() {
		AssistantCoordinator coordinator = coordinator();
		assertThat(launch(coordinator, joined("evt-1"))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(launch(coordinator, joined("evt-2"))).isEqualTo(LaunchOutcome.ALREADY_RUNNING);
		assertThat(this.launcher.launches).singleElement().satisfies((request) -> {
			assertThat(request.assistant()).isEqualTo("default");
			assertThat(request.roomUrl()).isEqualTo(ROOM_URL);
			assertThat(request.webhook().id()).isEqualTo("evt-1");
			assertThat(request.triggers()).containsExactly("hostJoined");
			assertThat(request.launchKey()).isEqualTo(FIRST_KEY);
		});
	}

	@Test
	void launchWhenManyEventsArriveAtOnceForOneRoomShouldCallLauncherOnce() throws Exception {
		this.launcher.onLaunch = (request) -> Thread.sleep(100);
		AssistantCoordinator coordinator = coordinator();
		int threads = 16;
		ExecutorService callers = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<LaunchOutcome>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				WherebyWebhook webhook = joined("evt-" + i);
				results.add(callers.submit(() -> {
					start.await();
					return launch(coordinator, webhook);
				}));
			}
			start.countDown();
			List<LaunchOutcome> outcomes = new ArrayList<>();
			for (Future<LaunchOutcome> result : results) {
				outcomes.add(result.get(5, TimeUnit.SECONDS));
			}
			assertThat(outcomes).containsOnlyOnce(LaunchOutcome.LAUNCHED)
				.filteredOn((outcome) -> outcome != LaunchOutcome.LAUNCHED)
				.hasSize(threads - 1)
				.containsOnly(LaunchOutcome.ALREADY_RUNNING);
			assertThat(this.launcher.launches).singleElement()
				.satisfies((request) -> assertThat(request.launchKey()).isEqualTo(FIRST_KEY));
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void launchWhenLauncherFailsThenSucceedsShouldRetryWithinDeadlineAndCountLaunched() {
		AtomicInteger failures = new AtomicInteger(2);
		this.launcher.onLaunch = (request) -> {
			if (failures.getAndDecrement() > 0) {
				throw new IOException("worker unavailable");
			}
		};
		AssistantCoordinator coordinator = coordinator();
		assertThat(launch(coordinator, joined("evt-1"))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).hasSize(3).extracting(LaunchRequest::launchKey).containsOnly(FIRST_KEY);
		assertThat(launches("launched").count()).isEqualTo(1);
		assertThat(launches("launched").getId().getTag("assistant")).isEqualTo("default");
		assertThat(launches("launched").getId().getTag("launcher")).isEqualTo("scripted");
		assertThat(this.meterRegistry.find(LauncherCalls.LAUNCHES).tag("outcome", "failed").timer()).isNull();
	}

	@Test
	void launchWhenLauncherKeepsFailingShouldAskForRetryAndReleaseRoomForSameGeneration() {
		this.launcherProperties.setDeadline(Duration.ofMillis(300));
		this.launcher.onLaunch = (request) -> {
			throw new IOException("worker unavailable");
		};
		AssistantCoordinator coordinator = coordinator();
		assertThatExceptionOfType(LauncherUnavailableException.class)
			.isThrownBy(() -> launch(coordinator, joined("evt-1")));
		assertThat(this.launcher.launches).hasSizeGreaterThan(1);
		assertThat(running(coordinator)).isEmpty();
		assertThat(runningGauge()).isZero();
		this.launcher.onLaunch = (request) -> {
		};
		assertThat(launch(coordinator, joined("evt-1"))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey).containsOnly(FIRST_KEY);
		assertThat(launches("launched").count()).isEqualTo(1);
	}

	@Test
	void launchWhenLauncherIsSlowerThanDeadlineShouldAskForRetryAndInterruptIt() throws Exception {
		this.launcherProperties.setDeadline(Duration.ofMillis(200));
		CountDownLatch interrupted = new CountDownLatch(1);
		this.launcher.onLaunch = (request) -> {
			try {
				Thread.sleep(10_000);
			}
			catch (InterruptedException ex) {
				interrupted.countDown();
				throw ex;
			}
		};
		AssistantCoordinator coordinator = coordinator();
		long start = System.nanoTime();
		assertThatExceptionOfType(LauncherUnavailableException.class)
			.isThrownBy(() -> launch(coordinator, joined("evt-1")))
			.withMessageContaining("did not finish in time");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(interrupted.await(2, TimeUnit.SECONDS)).isTrue();
		assertThat(launches("timeout").count()).isEqualTo(1);
		assertThat(running(coordinator)).isEmpty();
	}

	@Test
	void launchThatTimedOutShouldBeStoppedWithItsKeyWhenItsSessionEnds() {
		this.launcherProperties.setDeadline(Duration.ofMillis(200));
		this.launcher.onLaunch = (request) -> Thread.sleep(10_000);
		AssistantCoordinator coordinator = coordinator();
		assertThatExceptionOfType(LauncherUnavailableException.class)
			.isThrownBy(() -> launch(coordinator, joined("evt-1")));
		// The worker may have started it late: the session's end stops that launch key.
		assertThat(stop(coordinator, sessionEnded("evt-2"))).isTrue();
		assertThat(this.launcher.stops).singleElement()
			.satisfies((request) -> assertThat(request.launchKey()).isEqualTo(FIRST_KEY));
		assertThat(this.store.room("default:acme/standup")).doesNotContain(FIRST_KEY);
	}

	@Test
	void unsureLaunchOfAnotherSessionShouldNotBeStoppedByThisSessionsEnd() {
		this.launcherProperties.setDeadline(Duration.ofMillis(300));
		this.launcher.onLaunch = (request) -> {
			throw new IOException("connection reset");
		};
		AssistantCoordinator coordinator = coordinator();
		assertThatExceptionOfType(LauncherUnavailableException.class)
			.isThrownBy(() -> launch(coordinator, joined("evt-1", "s-0")));
		assertThat(stop(coordinator, sessionEnded("evt-2"))).isTrue();
		assertThat(this.launcher.stops).singleElement()
			.satisfies((request) -> assertThat(request.launchKey()).isNull());
	}

	@Test
	void unsureLaunchThatARedeliveryLaunchedShouldBeStoppedOnce() {
		this.launcherProperties.setDeadline(Duration.ofMillis(300));
		this.launcher.onLaunch = (request) -> {
			throw new IOException("connection reset");
		};
		AssistantCoordinator coordinator = coordinator();
		assertThatExceptionOfType(LauncherUnavailableException.class)
			.isThrownBy(() -> launch(coordinator, joined("evt-1")));
		this.launcher.onLaunch = (request) -> {
		};
		assertThat(launch(coordinator, joined("evt-1"))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(stop(coordinator, sessionEnded("evt-2"))).isTrue();
		assertThat(this.launcher.stops).singleElement()
			.satisfies((request) -> assertThat(request.launchKey()).isEqualTo(FIRST_KEY));
		assertThat(this.store.room("default:acme/standup")).doesNotContain(FIRST_KEY);
	}

	@Test
	void launchWhenLauncherRejectsShouldAnswerLaunchRejectedWithoutRetrying() {
		this.launcher.onLaunch = (request) -> {
			throw new LaunchRejectedException("worker answered 403");
		};
		AssistantCoordinator coordinator = coordinator();
		assertThat(launch(coordinator, joined("evt-1"))).isEqualTo(LaunchOutcome.LAUNCH_REJECTED);
		assertThat(this.launcher.launches).hasSize(1);
		assertThat(launches("rejected").count()).isEqualTo(1);
		assertThat(running(coordinator)).isEmpty();
	}

	@Test
	void stopIfEndedWhenSessionEndsShouldStopWithLaunchKeyAndFreeRoomForNextGeneration() {
		AssistantCoordinator coordinator = coordinator();
		launch(coordinator, joined("evt-1"));
		RoomSessionEnded ended = sessionEnded("evt-2");
		assertThat(stop(coordinator, ended)).isTrue();
		assertThat(this.launcher.stops).singleElement().satisfies((request) -> {
			assertThat(request.assistant()).isEqualTo("default");
			assertThat(request.roomUrl()).isEqualTo(ROOM_URL);
			assertThat(request.subdomain()).isEqualTo("acme");
			assertThat(request.roomName()).isEqualTo("/standup");
			assertThat(request.launchKey()).isEqualTo(FIRST_KEY);
			assertThat(request.webhook()).isSameAs(ended);
		});
		assertThat(this.meterRegistry.get(LauncherCalls.STOPS).tag("outcome", "stopped").timer().count()).isEqualTo(1);
		assertThat(launch(coordinator, joined("evt-3"))).as("a late join of the ended session")
			.isEqualTo(LaunchOutcome.STALE);
		assertThat(launch(coordinator, joined("evt-4", "s-2"))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey)
			.containsExactly(FIRST_KEY, "default:acme/standup@s-2#1");
	}

	@Test
	void stopIfEndedWhenTypeIsNotInStopOnShouldStopNothing() {
		AssistantCoordinator coordinator = coordinator();
		launch(coordinator, joined("evt-1"));
		assertThat(stop(coordinator, new RoomSessionStarted("evt-2", "1.0", null, roomData()))).isFalse();
		assertThat(stop(coordinator, joined("evt-3"))).isFalse();
		assertThat(this.launcher.stops).isEmpty();
		assertThat(launch(coordinator, joined("evt-4"))).isEqualTo(LaunchOutcome.ALREADY_RUNNING);
	}

	@Test
	void stopIfEndedWhenStopOnIsEmptyShouldNotStopOnSessionEnded() {
		this.assistantProperties.setStopOn(Set.of());
		AssistantCoordinator coordinator = coordinator();
		launch(coordinator, joined("evt-1"));
		assertThat(stop(coordinator, sessionEnded("evt-2"))).isFalse();
		assertThat(this.launcher.stops).isEmpty();
		assertThat(launch(coordinator, joined("evt-3"))).isEqualTo(LaunchOutcome.ALREADY_RUNNING);
	}

	@Test
	void stopIfEndedWhenLastClientLeftShouldStop() {
		AssistantCoordinator coordinator = coordinator();
		launch(coordinator, joined("evt-1"));
		assertThat(stop(coordinator, left("evt-2", 0, Map.of("host", 0)))).isTrue();
		assertThat(this.launcher.stops).singleElement()
			.satisfies((request) -> assertThat(request.launchKey()).isEqualTo(FIRST_KEY));
	}

	@Test
	void stopIfEndedWhenOnlyAssistantsRemainShouldStop() {
		AssistantCoordinator coordinator = coordinator();
		launch(coordinator, joined("evt-1"));
		assertThat(stop(coordinator, left("evt-2", 1, Map.of("host", 0, "assistant", 1)))).isTrue();
		assertThat(this.launcher.stops).singleElement()
			.satisfies((request) -> assertThat(request.launchKey()).isEqualTo(FIRST_KEY));
		assertThat(launch(coordinator, joined("evt-3", "s-2"))).isEqualTo(LaunchOutcome.LAUNCHED);
	}

	@Test
	void stopIfEndedWhenHostRemainsShouldNotStop() {
		AssistantCoordinator coordinator = coordinator();
		launch(coordinator, joined("evt-1"));
		assertThat(stop(coordinator, left("evt-2", 2, Map.of("host", 1, "assistant", 1)))).isFalse();
		assertThat(this.launcher.stops).isEmpty();
	}

	@Test
	void stopIfEndedWhenStopWhenEmptyIsOffShouldNotStopOnLastClientLeft() {
		this.assistantProperties.setStopWhenEmpty(false);
		AssistantCoordinator coordinator = coordinator();
		launch(coordinator, joined("evt-1"));
		assertThat(stop(coordinator, left("evt-2", 0, Map.of()))).isFalse();
		assertThat(this.launcher.stops).isEmpty();
	}

	@Test
	void stopIfEndedWhenStopFailsShouldAskForRetryAndKeepRoomHeld() {
		this.launcherProperties.setDeadline(Duration.ofMillis(300));
		this.launcher.onStop = (request) -> {
			throw new IOException("cluster unavailable");
		};
		AssistantCoordinator coordinator = coordinator();
		launch(coordinator, joined("evt-1"));
		assertThatExceptionOfType(LauncherUnavailableException.class)
			.isThrownBy(() -> stop(coordinator, sessionEnded("evt-2")));
		assertThat(this.launcher.stops).isNotEmpty().extracting(StopRequest::launchKey).containsOnly(FIRST_KEY);
		assertThat(running(coordinator)).hasSize(1);
		assertThat(launch(coordinator, joined("evt-3"))).isEqualTo(LaunchOutcome.ALREADY_RUNNING);
		assertThat(this.launcher.launches).hasSize(1);
	}

	@Test
	void stopIfEndedWhenRoomHasNoRecordShouldStillCallStopWithoutLaunchKey() {
		AssistantCoordinator coordinator = coordinator();
		assertThat(stop(coordinator, sessionEnded("evt-1"))).isTrue();
		assertThat(this.launcher.stops).singleElement().satisfies((request) -> {
			assertThat(request.launchKey()).isNull();
			assertThat(request.subdomain()).isEqualTo("acme");
			assertThat(request.roomName()).isEqualTo("/standup");
		});
		assertThat(launch(coordinator, joined("evt-2", "s-2"))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey)
			.containsExactly("default:acme/standup@s-2#1");
	}

	@Test
	void onAssistantEndedWhenKeyIsCurrentShouldFreeRoom() {
		AssistantCoordinator coordinator = coordinator();
		launch(coordinator, joined("evt-1"));
		coordinator.onAssistantEnded(new AssistantEndedEvent(this.launcher, this.launcher.launches.get(0)));
		assertThat(running(coordinator)).isEmpty();
		assertThat(launch(coordinator, joined("evt-2"))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey).containsExactly(FIRST_KEY, SECOND_KEY);
	}

	@Test
	void onAssistantEndedWhenKeyIsOfEarlierLaunchShouldKeepRoomHeld() {
		AssistantCoordinator coordinator = coordinator();
		launch(coordinator, joined("evt-1"));
		stop(coordinator, sessionEnded("evt-2"));
		launch(coordinator, joined("evt-3", "s-2"));
		coordinator.onAssistantEnded(new AssistantEndedEvent(this.launcher, this.launcher.launches.get(0)));
		assertThat(launch(coordinator, joined("evt-4", "s-2"))).isEqualTo(LaunchOutcome.ALREADY_RUNNING);
		assertThat(running(coordinator)).singleElement()
			.satisfies((state) -> assertThat(state.assistant().launchKey()).isEqualTo("default:acme/standup@s-2#1"));
	}

	@Test
	void launchWhenHeldAssistantNoLongerRunsShouldLaunchNextGeneration() {
		AssistantCoordinator coordinator = coordinator();
		launch(coordinator, joined("evt-1"));
		this.launcher.running = false;
		assertThat(launch(coordinator, joined("evt-2"))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey).containsExactly(FIRST_KEY, SECOND_KEY);
		assertThat(running(coordinator)).singleElement()
			.satisfies((state) -> assertThat(state.assistant().launchKey()).isEqualTo(SECOND_KEY));
		assertThat(runningGauge()).isEqualTo(1);
	}

	@Test
	void afterSingletonsInstantiatedShouldRecoverRunningAssistantsSoTheyAreNotLaunchedAgain() {
		this.launcher.recovered = List
			.of(new RunningAssistant("default", "acme", "/standup", ROOM_URL, "default:acme/standup@s-1#3", NOW));
		AssistantCoordinator coordinator = coordinator();
		this.recorded.get(coordinator).afterSingletonsInstantiated();
		assertThat(runningGauge()).isEqualTo(1);
		assertThat(launch(coordinator, joined("evt-1"))).isEqualTo(LaunchOutcome.ALREADY_RUNNING);
		assertThat(this.launcher.launches).isEmpty();
		stop(coordinator, sessionEnded("evt-2"));
		assertThat(this.launcher.stops).singleElement()
			.satisfies((request) -> assertThat(request.launchKey()).isEqualTo("default:acme/standup@s-1#3"));
		assertThat(launch(coordinator, joined("evt-3", "s-2"))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey)
			.containsExactly("default:acme/standup@s-2#1");
	}

	@Test
	void afterSingletonsInstantiatedWhenOneLauncherCannotRecoverShouldRecoverTheOthers() {
		this.launcher.onRecover = () -> {
			throw new IOException("cluster unavailable");
		};
		ScriptedLauncher notetaker = new ScriptedLauncher();
		notetaker.recovered = List
			.of(new RunningAssistant("notetaker", "acme", "/standup", ROOM_URL, "notetaker:acme/standup@s-1#1", NOW));
		AssistantCoordinator coordinator = coordinator(Map.of("default", this.launcher, "notetaker", notetaker));
		assertThatNoException().isThrownBy(this.recorded.get(coordinator)::afterSingletonsInstantiated);
		assertThat(launch(coordinator, joined("evt-1"), Map.of("notetaker", List.of("hostJoined"))))
			.isEqualTo(LaunchOutcome.ALREADY_RUNNING);
		assertThat(notetaker.launches).isEmpty();
		assertThat(launch(coordinator, joined("evt-1"))).isEqualTo(LaunchOutcome.LAUNCHED);
	}

	@Test
	void launchWhenTwoAssistantsFireShouldLaunchBoth() {
		ScriptedLauncher notetaker = new ScriptedLauncher();
		AssistantCoordinator coordinator = coordinator(Map.of("default", this.launcher, "notetaker", notetaker));
		Map<String, List<String>> fired = new LinkedHashMap<>();
		fired.put("default", List.of("hostJoined"));
		fired.put("notetaker", List.of("takeNotes"));
		assertThat(launch(coordinator, joined("evt-1"), fired)).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).singleElement().satisfies((request) -> {
			assertThat(request.assistant()).isEqualTo("default");
			assertThat(request.triggers()).containsExactly("hostJoined");
			assertThat(request.launchKey()).isEqualTo(FIRST_KEY);
		});
		assertThat(notetaker.launches).singleElement().satisfies((request) -> {
			assertThat(request.assistant()).isEqualTo("notetaker");
			assertThat(request.triggers()).containsExactly("takeNotes");
			assertThat(request.launchKey()).isEqualTo("notetaker:acme/standup@s-1#1");
		});
		assertThat(runningGauge()).isEqualTo(2);
	}

	@Test
	void launchWhenOnlyOneOfTwoAssistantsRunsShouldLaunchTheOther() {
		ScriptedLauncher notetaker = new ScriptedLauncher();
		AssistantCoordinator coordinator = coordinator(Map.of("default", this.launcher, "notetaker", notetaker));
		launch(coordinator, joined("evt-1"));
		Map<String, List<String>> fired = new LinkedHashMap<>();
		fired.put("default", List.of("hostJoined"));
		fired.put("notetaker", List.of("takeNotes"));
		assertThat(launch(coordinator, joined("evt-2"), fired)).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).hasSize(1);
		assertThat(notetaker.launches).hasSize(1);
	}

	@Test
	void launchWhenOnePerRoomIsOffShouldLaunchForEachEventWithEventIdInKey() {
		this.assistantProperties.setOnePerRoom(false);
		AssistantCoordinator coordinator = coordinator();
		assertThat(launch(coordinator, joined("evt-1"))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(launch(coordinator, joined("evt-2"))).isEqualTo(LaunchOutcome.LAUNCHED);
		assertThat(this.launcher.launches).extracting(LaunchRequest::launchKey)
			.containsExactly("default:acme/standup@s-1#evt-1", "default:acme/standup@s-1#evt-2");
	}

	@Test
	void runningShouldListLaunchedAssistantsWithLauncherTypeAndState() {
		AssistantCoordinator coordinator = coordinator();
		assertThat(running(coordinator)).isEmpty();
		launch(coordinator, joined("evt-1"));
		assertThat(running(coordinator)).containsExactly(new AssistantState(
				new RunningAssistant("default", "acme", "/standup", ROOM_URL, FIRST_KEY, NOW), "scripted", "active"));
		assertThat(new AssistantsEndpoint(this.recorded.get(coordinator)).assistants().assistants())
			.containsExactly(new Entry("default", ROOM_URL, NOW, FIRST_KEY, "scripted", "active"));
	}

	@Test
	void runningWhenLauncherCannotTellStateShouldSayUnknown() {
		this.launcher.onState = () -> {
			throw new IOException("cluster unavailable");
		};
		AssistantCoordinator coordinator = coordinator();
		launch(coordinator, joined("evt-1"));
		assertThat(running(coordinator)).singleElement()
			.satisfies((state) -> assertThat(state.state()).isEqualTo("unknown (IOException)"));
	}

	@Test
	void runningGaugeShouldCountLaunchedAssistants() {
		AssistantCoordinator coordinator = coordinator();
		assertThat(runningGauge()).isZero();
		launch(coordinator, joined("evt-1"));
		launch(coordinator, new RoomClientJoined("evt-2", "1.0", NOW, clientData("/retro", 1, Map.of("host", 1))));
		assertThat(runningGauge()).isEqualTo(2);
		stop(coordinator, sessionEnded("evt-3"));
		assertThat(runningGauge()).isEqualTo(1);
	}

	private AssistantCoordinator coordinator() {
		return coordinator(Map.of("default", this.launcher));
	}

	private AssistantCoordinator coordinator(Map<String, AssistantLauncher> launchers) {
		Map<String, ConfiguredLauncher> configured = new LinkedHashMap<>();
		launchers.forEach((name, launcher) -> configured.put(name, new ConfiguredLauncher(name, "scripted", launcher)));
		LauncherCalls calls = new LauncherCalls(this.launcherProperties, this.meterRegistry, ObservationRegistry.NOOP);
		this.calls.add(calls);
		RoomRules rules = new RoomRules(this.assistantProperties.getClockSkew(),
				this.launcherProperties.getDeadline().plusSeconds(2));
		AssistantCoordinator coordinator = new AssistantCoordinator(configured, this.assistantProperties,
				new RoomLedger(this.store, this.assistantProperties.getForgetAfter()), rules, calls, this.clock);
		this.recorded.put(coordinator, new RecordedAssistants(coordinator, this.meterRegistry));
		return coordinator;
	}

	private List<AssistantState> running(AssistantCoordinator coordinator) {
		return this.recorded.get(coordinator).list();
	}

	private static LaunchOutcome launch(AssistantCoordinator coordinator, WherebyWebhook webhook) {
		return launch(coordinator, webhook, Map.of("default", List.of("hostJoined")));
	}

	private static LaunchOutcome launch(AssistantCoordinator coordinator, WherebyWebhook webhook,
			Map<String, List<String>> triggersByAssistant) {
		return coordinator.launch(webhook, roomUrl(webhook), triggersByAssistant, System.nanoTime());
	}

	/**
	 * Handles a possible stop event.
	 * @return whether it was one
	 */
	private static boolean stop(AssistantCoordinator coordinator, WherebyWebhook webhook) {
		coordinator.stopIfEnded(webhook, roomUrl(webhook), System.nanoTime());
		return coordinator.isStopEvent(webhook);
	}

	private static String roomUrl(WherebyWebhook webhook) {
		return "https://" + webhook.data().subdomain() + ".whereby.com" + webhook.data().roomName();
	}

	private Timer launches(String outcome) {
		return this.meterRegistry.get(LauncherCalls.LAUNCHES).tag("outcome", outcome).timer();
	}

	private double runningGauge() {
		return this.meterRegistry.get(RecordedAssistants.RUNNING).gauge().value();
	}

	private static RoomClientJoined joined(String id) {
		return joined(id, "s-1");
	}

	private static RoomClientJoined joined(String id, String session) {
		return new RoomClientJoined(id, "1.0", NOW, new ClientData(null, "/standup", session, "acme", "host", "Ada",
				"p_1", null, null, 1, Map.of("host", 1), false));
	}

	private static RoomClientLeft left(String id, int numClients, Map<String, Integer> byRole) {
		return new RoomClientLeft(id, "1.0", NOW, clientData("/standup", numClients, byRole));
	}

	private static RoomSessionEnded sessionEnded(String id) {
		return new RoomSessionEnded(id, "1.0", NOW, roomData());
	}

	private static RoomData roomData() {
		return new RoomData(null, "/standup", "s-1", "acme");
	}

	private static ClientData clientData(String roomName, int numClients, Map<String, Integer> byRole) {
		return new ClientData(null, roomName, "s-1", "acme", "host", "Ada", "p_1", null, null, numClients, byRole,
				false);
	}

	/**
	 * A launcher that records its calls and does what the test scripts.
	 */
	static final class ScriptedLauncher implements AssistantLauncher {

		final List<LaunchRequest> launches = new CopyOnWriteArrayList<>();

		final List<StopRequest> stops = new CopyOnWriteArrayList<>();

		volatile Step<LaunchRequest> onLaunch = (request) -> {
		};

		volatile Step<StopRequest> onStop = (request) -> {
		};

		volatile Answer<List<RunningAssistant>> onRecover = () -> this.recovered;

		volatile Answer<String> onState = () -> "active";

		volatile List<RunningAssistant> recovered = List.of();

		volatile boolean running = true;

		@Override
		public void launch(LaunchRequest request) throws Exception {
			this.launches.add(request);
			this.onLaunch.run(request);
		}

		@Override
		public void stop(StopRequest request) throws Exception {
			this.stops.add(request);
			this.onStop.run(request);
		}

		@Override
		public boolean isRunning(RunningAssistant assistant) {
			return this.running;
		}

		@Override
		public List<RunningAssistant> recover() throws Exception {
			return this.onRecover.get();
		}

		@Override
		public String state(RunningAssistant assistant) throws Exception {
			return this.onState.get();
		}

	}

	@FunctionalInterface
	interface Step<T> {

		void run(T argument) throws Exception;

	}

	@FunctionalInterface
	interface Answer<T> {

		T get() throws Exception;

	}

}

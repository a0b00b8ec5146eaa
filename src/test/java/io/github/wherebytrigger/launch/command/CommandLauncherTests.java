package io.github.wherebytrigger.launch.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;

import io.github.wherebytrigger.launch.AssistantEndedEvent;
import io.github.wherebytrigger.launch.LaunchRejectedException;
import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.launch.RunningAssistant;
import io.github.wherebytrigger.launch.StopRequest;
import io.github.wherebytrigger.webhook.ClientData;
import io.github.wherebytrigger.webhook.RoomClientJoined;
import io.github.wherebytrigger.webhook.RoomData;
import io.github.wherebytrigger.webhook.RoomSessionEnded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CommandLauncher} with real {@code sh} scripts.
 */
@ExtendWith(OutputCaptureExtension.class)
class CommandLauncherTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final String ROOM_URL = "https://acme.whereby.com/standup";

	private static final RoomClientJoined JOINED = new RoomClientJoined("evt-1", "1.0",
			Instant.parse("2026-11-20T10:15:00Z"), new ClientData(null, "/standup", null, "acme", "host", "Ada", "p_1",
					null, null, 1, Map.of("host", 1), false));

	private static final RoomSessionEnded ENDED = new RoomSessionEnded("evt-2", "1.0", null,
			new RoomData(null, "/standup", null, "acme"));

	@TempDir
	Path directory;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final ApplicationEventPublisher publisher = this.events::add;

	private final List<CommandLauncher> launchers = new ArrayList<>();

	private final List<Launched> launched = new ArrayList<>();

	@AfterEach
	void endProcesses() {
		this.launchers.forEach(CommandLauncher::destroy);
		await().atMost(WAIT).until(() -> this.launched.stream().noneMatch(Launched::isRunning));
	}

	@Test
	void launchShouldRunCommandWithWherebyEnvironmentExtraEnvironmentAndWorkingDirectory() throws Exception {
		Path work = Files.createDirectory(this.directory.resolve("work"));
		CommandLauncher launcher = launcher("env > env.tmp && mv env.tmp env.txt; exec sleep 30", (properties) -> {
			properties.setWorkingDirectory(work);
			properties.setEnv(Map.of("ASSISTANT_MODE", "test"));
		});
		launch(launcher, request("notetaker:acme/standup#1"));
		Path envFile = work.resolve("env.txt");
		await().atMost(WAIT).until(() -> Files.exists(envFile));
		Map<String, String> env = environment(envFile);
		assertThat(env).containsEntry("WHEREBY_ROOM_URL", ROOM_URL)
			.containsEntry("WHEREBY_TRIGGER", "hostJoined,notes")
			.containsEntry("WHEREBY_ASSISTANT", "notetaker")
			.containsEntry("WHEREBY_LAUNCH_KEY", "notetaker:acme/standup#1")
			.containsEntry("ASSISTANT_MODE", "test");
		JsonNode webhook = this.jsonMapper.readTree(env.get("WHEREBY_WEBHOOK"));
		assertThat(webhook.get("id").asString()).isEqualTo("evt-1");
		assertThat(webhook.get("type").asString()).isEqualTo("room.client.joined");
		assertThat(webhook.get("data").get("roomName").asString()).isEqualTo("/standup");
	}

	@Test
	void launchWhenCommandDoesNotExistShouldBeRejectedNotRetried() {
		CommandLauncher launcher = launcher("unused", (properties) -> properties
			.setArgs(List.of("whereby-no-such-command-" + Long.toHexString(System.nanoTime()), "--room")));
		assertThatExceptionOfType(LaunchRejectedException.class)
			.isThrownBy(() -> launcher.launch(request("notetaker:acme/standup#1")))
			.withMessageContaining("is not an executable file");
	}

	@Test
	void launchWhenWorkingDirectoryDoesNotExistShouldBeRejected() {
		CommandLauncher launcher = launcher("exec sleep 30",
				(properties) -> properties.setWorkingDirectory(this.directory.resolve("missing")));
		assertThatExceptionOfType(LaunchRejectedException.class)
			.isThrownBy(() -> launcher.launch(request("notetaker:acme/standup#1")))
			.withMessageContaining("whereby.launcher.command.working-directory");
	}

	@Test
	void isRunningShouldTellAnExitedProcessFromOneThisInstanceNeverStarted() throws Exception {
		CommandLauncher launcher = launcher("exit 0", (properties) -> {
		});
		Launched exited = launch(launcher, request("notetaker:acme/standup#1"));
		await().atMost(WAIT).until(() -> !exited.isRunning());
		assertThat(launcher.isRunning(new RunningAssistant("notetaker", "acme", "/standup", ROOM_URL,
				"notetaker:acme/standup#7", Instant.now())))
			.as("a launch key this instance never started (another replica's, or before a restart)")
			.isTrue();
	}

	@Test
	void launchWhenSameLaunchKeyRunsShouldNotStartSecondProcess() throws Exception {
		CommandLauncher launcher = launcher("exec sleep 30", (properties) -> {
		});
		Launched first = launch(launcher, request("notetaker:acme/standup#1"));
		String state = launcher.state(first.assistant());
		assertThat(state).startsWith("running (pid ");
		launcher.launch(first.request());
		assertThat(launcher.state(first.assistant())).isEqualTo(state);
		assertThat(launcher.health().getDetails()).containsEntry("running", 1);
	}

	@Test
	void launchWhenMaxRunningReachedShouldFailUntilAProcessEnds() throws Exception {
		CommandLauncher launcher = launcher("exec sleep 30", (properties) -> properties.setMaxRunning(1));
		Launched first = launch(launcher, request("notetaker:acme/standup#1"));
		LaunchRequest second = request("notetaker:acme/retro#1");
		assertThatIOException().isThrownBy(() -> launcher.launch(second))
			.withMessageContaining("whereby.launcher.command.max-running");
		launcher.stop(stopRequest(first.request().launchKey()));
		await().atMost(WAIT).until(() -> !first.isRunning());
		await().atMost(WAIT).until(() -> this.events.size() == 1);
		launch(launcher, second);
	}

	@Test
	void stopShouldSendSigterm() throws Exception {
		CommandLauncher launcher = launcher(
				"trap 'echo terminated > \"$RESULT_DIR/term\"; exit 0' TERM; touch \"$RESULT_DIR/ready\"; "
						+ "while true; do sleep 0.1; done",
				(properties) -> properties.setEnv(Map.of("RESULT_DIR", this.directory.toString())));
		Launched running = launch(launcher, request("notetaker:acme/standup#1"));
		await().atMost(WAIT).until(() -> Files.exists(this.directory.resolve("ready")));
		launcher.stop(stopRequest("notetaker:acme/standup#1"));
		await().atMost(WAIT).until(() -> !running.isRunning());
		assertThat(this.directory.resolve("term")).content().isEqualToIgnoringNewLines("terminated");
	}

	@Test
	void stopWhenProcessIgnoresSigtermShouldKillItAfterGracePeriod(CapturedOutput output) throws Exception {
		CommandLauncher launcher = launcher("trap '' TERM; touch \"$RESULT_DIR/ready\"; while true; do sleep 0.1; done",
				(properties) -> properties.setEnv(Map.of("RESULT_DIR", this.directory.toString())));
		Launched running = launch(launcher, request("notetaker:acme/standup#1"));
		await().atMost(WAIT).until(() -> Files.exists(this.directory.resolve("ready")));
		long start = System.nanoTime();
		launcher.stop(stopRequest("notetaker:acme/standup#1"));
		assertThat(running.isRunning()).isTrue();
		await().atMost(WAIT).until(() -> !running.isRunning());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		await().atMost(WAIT).until(() -> output.toString().contains("still runs 200 ms after SIGTERM; killing"));
	}

	@Test
	void stopWithoutLaunchKeyShouldLeaveProcessesRunning() throws Exception {
		CommandLauncher launcher = launcher("exec sleep 30", (properties) -> {
		});
		Launched running = launch(launcher, request("notetaker:acme/standup#1"));
		launcher.stop(stopRequest(null));
		assertThat(running.isRunning()).isTrue();
	}

	@Test
	void processThatExitsShouldEndItsAssistant() throws Exception {
		CommandLauncher launcher = launcher("exit 3", (properties) -> {
		});
		Launched exited = launch(launcher, request("notetaker:acme/standup#1"));
		await().atMost(WAIT).until(() -> !this.events.isEmpty());
		assertThat(this.events).singleElement().isInstanceOfSatisfying(AssistantEndedEvent.class, (event) -> {
			assertThat(event.getLaunchKey()).isEqualTo("notetaker:acme/standup#1");
			assertThat(event.getAssistant()).isEqualTo("notetaker");
			assertThat(event.getSubdomain()).isEqualTo("acme");
			assertThat(event.getRoomName()).isEqualTo("/standup");
		});
		assertThat(exited.isRunning()).isFalse();
		assertThat(launcher.state(exited.assistant())).isEqualTo("exited");
	}

	@Test
	void processOutputShouldBeLoggedPrefixedWithRoomUrl(CapturedOutput output) throws Exception {
		CommandLauncher launcher = launcher("echo 'hello from the assistant'; echo 'trouble' >&2", (properties) -> {
		});
		launch(launcher, request("notetaker:acme/standup#1"));
		await().atMost(WAIT)
			.until(() -> output.toString().contains("[" + ROOM_URL + "] hello from the assistant")
					&& output.toString().contains("[" + ROOM_URL + "] trouble"));
	}

	@Test
	void healthWhenCommandIsOnPathShouldBeUp() {
		Health health = launcher("true", (properties) -> {
		}).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("command", "sh")
			.containsEntry("running", 0)
			.containsEntry("maxRunning", 4);
	}

	@Test
	void healthWhenCommandIsMissingShouldBeDown() {
		CommandLauncherProperties properties = new CommandLauncherProperties();
		properties.setArgs(List.of("whereby-no-such-assistant", "--version"));
		properties.setStateDirectory(this.directory.resolve("state"));
		Health health = new CommandLauncher("notetaker", properties, this.jsonMapper, this.publisher).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("command", "whereby-no-such-assistant")
			.containsEntry("error", "not executable");
	}

	@Test
	void healthWhenCommandPathIsMissingShouldBeDown() {
		CommandLauncherProperties properties = new CommandLauncherProperties();
		properties.setArgs(List.of(this.directory.resolve("assistant.sh").toString()));
		properties.setStateDirectory(this.directory.resolve("state"));
		Health health = new CommandLauncher("notetaker", properties, this.jsonMapper, this.publisher).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void destroyShouldEndRunningProcesses() throws Exception {
		CommandLauncher launcher = launcher("exec sleep 30", (properties) -> {
		});
		Launched first = launch(launcher, request("notetaker:acme/standup#1"));
		Launched second = launch(launcher, request("notetaker:acme/retro#1"));
		launcher.destroy();
		await().atMost(WAIT).until(() -> !first.isRunning() && !second.isRunning());
	}

	private CommandLauncher launcher(String script, Consumer<CommandLauncherProperties> customizer) {
		CommandLauncherProperties properties = new CommandLauncherProperties();
		properties.setArgs(List.of("sh", "-c", script));
		properties.setStopGracePeriod(Duration.ofMillis(200));
		properties.setStateDirectory(this.directory.resolve("state"));
		customizer.accept(properties);
		CommandLauncher launcher = new CommandLauncher("notetaker", properties, this.jsonMapper, this.publisher);
		this.launchers.add(launcher);
		return launcher;
	}

	private Launched launch(CommandLauncher launcher, LaunchRequest request) throws Exception {
		launcher.launch(request);
		Launched launched = new Launched(launcher, request);
		this.launched.add(launched);
		return launched;
	}

	static LaunchRequest request(String launchKey) {
		String roomName = launchKey.substring(launchKey.indexOf('/'), launchKey.indexOf('#'));
		RoomClientJoined joined = new RoomClientJoined(JOINED.id(), JOINED.apiVersion(), JOINED.createdAt(),
				new ClientData(null, roomName, null, "acme", "host", "Ada", "p_1", null, null, 1, Map.of("host", 1),
						false));
		return new LaunchRequest("notetaker", "https://acme.whereby.com" + roomName, joined,
				List.of("hostJoined", "notes"), launchKey);
	}

	static StopRequest stopRequest(String launchKey) {
		return new StopRequest("notetaker", ROOM_URL, "acme", "/standup", launchKey, ENDED);
	}

	private static Map<String, String> environment(Path file) throws IOException {
		Map<String, String> env = new LinkedHashMap<>();
		for (String line : Files.readAllLines(file)) {
			int equals = line.indexOf('=');
			if (equals > 0) {
				env.put(line.substring(0, equals), line.substring(equals + 1));
			}
		}
		return env;
	}

	/**
	 * A launch a test made, to ask whether its process still runs.
	 */
	private record Launched(CommandLauncher launcher, LaunchRequest request) {

		RunningAssistant assistant() {
			return new RunningAssistant(this.request.assistant(), this.request.subdomain(), this.request.roomName(),
					this.request.roomUrl(), this.request.launchKey(), Instant.EPOCH);
		}

		boolean isRunning() {
			return this.launcher.isRunning(assistant());
		}

	}

}

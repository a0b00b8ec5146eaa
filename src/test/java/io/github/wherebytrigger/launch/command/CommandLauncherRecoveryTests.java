package io.github.wherebytrigger.launch.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.validation.BeanPropertyBindingResult;

import io.github.wherebytrigger.launch.AssistantEndedEvent;
import io.github.wherebytrigger.launch.RunningAssistant;

import static io.github.wherebytrigger.launch.command.CommandLauncherTests.request;
import static io.github.wherebytrigger.launch.command.TestProcesses.WAIT;
import static io.github.wherebytrigger.launch.command.TestProcesses.allGone;
import static io.github.wherebytrigger.launch.command.TestProcesses.awaitGone;
import static io.github.wherebytrigger.launch.command.TestProcesses.processes;
import static io.github.wherebytrigger.launch.command.TestProcesses.scriptWithChild;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the state directory of {@link CommandLauncher}: what a start finds of the
 * processes an earlier run left when it was killed.
 */
@ExtendWith(OutputCaptureExtension.class)
class CommandLauncherRecoveryTests {

	private static final String LAUNCH_KEY = "notetaker:acme/standup#1";

	private static final Duration GRACE = Duration.ofSeconds(1);

	@TempDir
	Path directory;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final List<CommandLauncher> launchers = new ArrayList<>();

	private final List<ProcessHandle> started = new ArrayList<>();

	@AfterEach
	void endProcesses() {
		this.launchers.forEach(CommandLauncher::destroy);
		this.started.forEach(ProcessHandle::destroyForcibly);
	}

	@Test
	void launchShouldRecordTheProcessInACreatedStateDirectoryUntilItEnds() throws Exception {
		Path state = this.directory.resolve("missing/state");
		CommandLauncher launcher = launcher(scriptWithChild(false), state);
		assertThat(state.resolve("notetaker")).isEmptyDirectory();
		List<ProcessHandle> processes = launch(launcher);
		ProcessRecord record = this.jsonMapper.readValue(onlyRecord(state).toFile(), ProcessRecord.class);
		assertThat(record.pid()).isEqualTo(processes.get(0).pid());
		assertThat(record.started()).isEqualTo(processes.get(0).info().startInstant().orElseThrow());
		assertThat(record.ownerPid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(record.launchKey()).isEqualTo(LAUNCH_KEY);
		assertThat(record.roomUrl()).isEqualTo("https://acme.whereby.com/standup");
		launcher.stop(CommandLauncherTests.stopRequest(LAUNCH_KEY));
		awaitGone(processes, WAIT);
		await().atMost(WAIT).until(() -> isEmpty(state.resolve("notetaker")));
	}

	@Test
	void recoverAfterAKilledRunShouldStopItsOrphanWithChildrenAndFreeItsRoom(CapturedOutput output) throws Exception {
		Path state = this.directory.resolve("state");
		// The killed run: its launcher is dropped without destroy(), and its record made
		// to
		// name a JVM that no longer runs.
		List<Object> killedRunEvents = new CopyOnWriteArrayList<>();
		CommandLauncher killedRun = TestProcesses.launcher(this.directory, killedRunEvents::add, scriptWithChild(true),
				(properties) -> properties.setStateDirectory(state));
		List<ProcessHandle> orphan = launch(killedRun);
		ownedByADeadJvm(onlyRecord(state));
		CommandLauncher restarted = launcher(scriptWithChild(true), state);
		RunningAssistant assistant = new RunningAssistant("notetaker", "acme", "/standup",
				"https://acme.whereby.com/standup", LAUNCH_KEY, Instant.EPOCH);
		long start = System.nanoTime();
		List<RunningAssistant> recovered = restarted.recover();
		assertThat(recovered).singleElement().satisfies((running) -> {
			assertThat(running.launchKey()).isEqualTo(LAUNCH_KEY);
			assertThat(running.roomUrl()).isEqualTo("https://acme.whereby.com/standup");
		});
		assertThat(restarted.isRunning(assistant)).as("ignores SIGTERM: runs until killed").isTrue();
		assertThat(restarted.state(assistant)).startsWith("stopping, left by an earlier run (pid ");
		awaitGone(orphan, GRACE.plus(WAIT));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(GRACE);
		await().atMost(WAIT).until(() -> !this.events.isEmpty());
		assertThat(this.events).singleElement()
			.isInstanceOfSatisfying(AssistantEndedEvent.class,
					(event) -> assertThat(event.getLaunchKey()).isEqualTo(LAUNCH_KEY));
		assertThat(restarted.isRunning(assistant)).isFalse();
		assertThat(state.resolve("notetaker")).isEmptyDirectory();
		assertThat(output).contains("Stopping assistant process " + orphan.get(0).pid());
		restarted.launch(request(LAUNCH_KEY));
		assertThat(restarted.isRunning(assistant)).as("launched again").isTrue();
	}

	@Test
	void recoverShouldRemoveTheRecordOfAnOrphanThatEndedAndFreeItsRoom() throws Exception {
		Path state = this.directory.resolve("state");
		CommandLauncher killedRun = launcher(scriptWithChild(false), state);
		List<ProcessHandle> ended = launch(killedRun);
		Path record = onlyRecord(state);
		Path kept = Files.copy(record, this.directory.resolve("record.json"));
		killedRun.destroy();
		awaitGone(ended, WAIT);
		Files.move(kept, record);
		ownedByADeadJvm(record);
		this.events.clear();
		CommandLauncher restarted = launcher(scriptWithChild(false), state);
		assertThat(restarted.recover()).isEmpty();
		assertThat(record).doesNotExist();
		assertThat(this.events).singleElement().isInstanceOf(AssistantEndedEvent.class);
		assertThat(restarted.isRunning(new RunningAssistant("notetaker", "acme", "/standup",
				"https://acme.whereby.com/standup", LAUNCH_KEY, Instant.EPOCH)))
			.isFalse();
	}

	@Test
	void recoverShouldLeaveTheProcessesOfARunningInstanceAlone() throws Exception {
		Path state = this.directory.resolve("state");
		List<ProcessHandle> processes = launch(launcher(scriptWithChild(false), state));
		assertThat(launcher(scriptWithChild(false), state).recover()).isEmpty();
		assertThat(processes).allMatch(ProcessTree::isAlive);
		assertThat(onlyRecord(state)).exists();
	}

	@Test
	void recoverShouldSkipAndDeleteFilesThatAreNoRecords(CapturedOutput output) throws Exception {
		Path folder = Files.createDirectories(this.directory.resolve("state/notetaker"));
		Path garbage = Files.writeString(folder.resolve("1-1.json"), "{not json");
		Path incomplete = Files.writeString(folder.resolve("2-2.json"), "{\"pid\": 2}");
		Path unrelated = Files.writeString(folder.resolve("notes.txt"), "kept");
		CommandLauncher launcher = launcher(scriptWithChild(false), this.directory.resolve("state"));
		assertThat(launcher.recover()).isEmpty();
		assertThat(garbage).doesNotExist();
		assertThat(incomplete).doesNotExist();
		assertThat(unrelated).exists();
		assertThat(output).contains("Ignoring and deleting " + garbage);
	}

	@Test
	void stateDirectoryThatIsAFileShouldBeRejectedNamingTheProperty() throws Exception {
		CommandLauncherProperties properties = new CommandLauncherProperties();
		properties.setStateDirectory(Files.writeString(this.directory.resolve("file"), ""));
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(properties, "command");
		properties.validate(properties, errors);
		assertThat(errors.getFieldError("stateDirectory")).isNotNull();
	}

	private CommandLauncher launcher(String script, Path state) {
		CommandLauncher launcher = TestProcesses.launcher(this.directory, this.events::add, script,
				(properties) -> properties.setStateDirectory(state));
		this.launchers.add(launcher);
		return launcher;
	}

	private List<ProcessHandle> launch(CommandLauncher launcher) throws Exception {
		launcher.launch(request(LAUNCH_KEY));
		List<ProcessHandle> processes = processes(this.directory, LAUNCH_KEY);
		this.started.addAll(processes);
		return processes;
	}

	/**
	 * Makes a record name as its owner a JVM that has ended, as after a kill -9.
	 */
	private void ownedByADeadJvm(Path record) throws Exception {
		Process gone = new ProcessBuilder("sleep", "30").start();
		Instant started = gone.toHandle().info().startInstant().orElseThrow();
		gone.destroyForcibly().waitFor();
		ObjectNode json = (ObjectNode) this.jsonMapper.readTree(record.toFile());
		json.put("ownerPid", gone.pid());
		json.put("ownerStarted", started.toString());
		Files.write(record, this.jsonMapper.writeValueAsBytes(json));
	}

	private static Path onlyRecord(Path state) throws Exception {
		try (Stream<Path> files = Files.list(state.resolve("notetaker"))) {
			List<Path> records = files.toList();
			assertThat(records).hasSize(1);
			return records.get(0);
		}
	}

	private static boolean isEmpty(Path folder) throws Exception {
		try (Stream<Path> files = Files.list(folder)) {
			return files.findAny().isEmpty();
		}
	}

}

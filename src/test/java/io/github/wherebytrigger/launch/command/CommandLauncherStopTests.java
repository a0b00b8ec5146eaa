package io.github.wherebytrigger.launch.command;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.wherebytrigger.launch.command.CommandLauncherTests.request;
import static io.github.wherebytrigger.launch.command.CommandLauncherTests.stopRequest;
import static io.github.wherebytrigger.launch.command.TestProcesses.WAIT;
import static io.github.wherebytrigger.launch.command.TestProcesses.allGone;
import static io.github.wherebytrigger.launch.command.TestProcesses.awaitGone;
import static io.github.wherebytrigger.launch.command.TestProcesses.processes;
import static io.github.wherebytrigger.launch.command.TestProcesses.scriptWithChild;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for how {@link CommandLauncher} stops an assistant's processes, children
 * included, on a stop event and at shutdown.
 */
@ExtendWith(OutputCaptureExtension.class)
class CommandLauncherStopTests {

	private static final Duration GRACE = Duration.ofSeconds(1);

	@TempDir
	Path directory;

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final List<CommandLauncher> launchers = new ArrayList<>();

	private final List<ProcessHandle> started = new ArrayList<>();

	@AfterEach
	void endProcesses() {
		this.launchers.forEach(CommandLauncher::destroy);
		this.started.forEach(ProcessHandle::destroyForcibly);
	}

	@Test
	void stopShouldSendSigtermToTheChildrenOfTheProcessToo() throws Exception {
		CommandLauncher launcher = launcher(scriptWithChild(false),
				(properties) -> properties.setStopGracePeriod(Duration.ofSeconds(30)));
		List<ProcessHandle> processes = launch(launcher, "notetaker:acme/standup#1");
		launcher.stop(stopRequest("notetaker:acme/standup#1"));
		awaitGone(processes, WAIT);
	}

	@Test
	void stopWhenScriptAndChildIgnoreSigtermShouldKillBothAfterGracePeriod(CapturedOutput output) throws Exception {
		CommandLauncher launcher = launcher(scriptWithChild(true), (properties) -> {
		});
		List<ProcessHandle> processes = launch(launcher, "notetaker:acme/standup#1");
		long start = System.nanoTime();
		launcher.stop(stopRequest("notetaker:acme/standup#1"));
		awaitGone(processes, GRACE.plus(WAIT));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(GRACE);
		assertThat(output).contains("still runs 1000 ms after SIGTERM; killing [" + processes.get(0).pid() + ", "
				+ processes.get(1).pid() + "]");
	}

	@Test
	void destroyShouldKillWhatIgnoresSigtermAndReturnOnlyWhenNoProcessIsLeft(CapturedOutput output) throws Exception {
		CommandLauncher launcher = launcher(scriptWithChild(true), (properties) -> {
		});
		List<ProcessHandle> standup = launch(launcher, "notetaker:acme/standup#1");
		List<ProcessHandle> retro = launch(launcher, "notetaker:acme/retro#1");
		long start = System.nanoTime();
		launcher.destroy();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(allGone(standup) && allGone(retro)).as("no process outlives destroy()").isTrue();
		assertThat(took).isBetween(GRACE, GRACE.plusSeconds(2));
		assertThat(output).contains("Killing assistant process " + standup.get(0).pid() + " for "
				+ "https://acme.whereby.com/standup at shutdown, still running 1000 ms after SIGTERM: ["
				+ standup.get(0).pid() + ", " + standup.get(1).pid() + "]");
		assertThat(this.directory.resolve("state").resolve("notetaker")).isEmptyDirectory();
	}

	@Test
	void destroyWhenProcessesEndOnSigtermShouldNotWaitForTheGracePeriod() throws Exception {
		CommandLauncher launcher = launcher(scriptWithChild(false),
				(properties) -> properties.setStopGracePeriod(Duration.ofSeconds(30)));
		List<ProcessHandle> processes = launch(launcher, "notetaker:acme/standup#1");
		long start = System.nanoTime();
		launcher.destroy();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(allGone(processes)).isTrue();
	}

	@Test
	void terminateAllBeforeDestroyShouldLetLaunchersShareOneGracePeriod() throws Exception {
		CommandLauncher first = launcher(scriptWithChild(true), (properties) -> {
		});
		CommandLauncher second = launcher(scriptWithChild(true), (properties) -> {
		});
		List<ProcessHandle> standup = launch(first, "notetaker:acme/standup#1");
		List<ProcessHandle> retro = launch(second, "notetaker:acme/retro#1");
		long start = System.nanoTime();
		first.terminateAll();
		second.terminateAll();
		first.destroy();
		second.destroy();
		assertThat(allGone(standup) && allGone(retro)).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(GRACE.multipliedBy(2));
	}

	@Test
	void launchAfterShutdownStartedShouldFail() throws Exception {
		CommandLauncher launcher = launcher(scriptWithChild(false), (properties) -> {
		});
		launcher.terminateAll();
		assertThatIOException().isThrownBy(() -> launcher.launch(request("notetaker:acme/standup#1")))
			.withMessageContaining("shutting down");
	}

	private CommandLauncher launcher(String script, Consumer<CommandLauncherProperties> customizer) {
		CommandLauncher launcher = TestProcesses.launcher(this.directory, this.events::add, script, customizer);
		this.launchers.add(launcher);
		return launcher;
	}

	private List<ProcessHandle> launch(CommandLauncher launcher, String launchKey) throws Exception {
		launcher.launch(request(launchKey));
		List<ProcessHandle> processes = processes(this.directory, launchKey);
		this.started.addAll(processes);
		return processes;
	}

}

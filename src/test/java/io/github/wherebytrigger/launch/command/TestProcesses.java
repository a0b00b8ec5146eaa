package io.github.wherebytrigger.launch.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;

import static org.awaitility.Awaitility.await;

/**
 * Launchers of {@code sh} scripts for tests, and what the tests ask of their processes.
 */
final class TestProcesses {

	static final Duration WAIT = Duration.ofSeconds(5);

	/**
	 * A script that starts a child {@code sleep}, writes the pids of both to
	 * {@code $RESULT_DIR/<launch key's room>.pids} and waits; with {@code ignoreTerm}
	 * both ignore SIGTERM (an ignored signal stays ignored across fork and exec).
	 */
	static String scriptWithChild(boolean ignoreTerm) {
		return (ignoreTerm ? "trap '' TERM; " : "") + "sleep 30 & "
				+ "echo \"$$ $!\" > \"$RESULT_DIR/${WHEREBY_LAUNCH_KEY##*/}.tmp\"; "
				+ "mv \"$RESULT_DIR/${WHEREBY_LAUNCH_KEY##*/}.tmp\" \"$RESULT_DIR/${WHEREBY_LAUNCH_KEY##*/}.pids\"; "
				+ "wait";
	}

	private TestProcesses() {
	}

	static CommandLauncher launcher(Path directory, ApplicationEventPublisher publisher, String script,
			Consumer<CommandLauncherProperties> customizer) {
		CommandLauncherProperties properties = new CommandLauncherProperties();
		properties.setArgs(List.of("sh", "-c", script));
		properties.setEnv(Map.of("RESULT_DIR", directory.toString()));
		properties.setStopGracePeriod(Duration.ofSeconds(1));
		properties.setStateDirectory(directory.resolve("state"));
		customizer.accept(properties);
		return new CommandLauncher("notetaker", properties, JsonMapper.builder().build(), publisher);
	}

	/**
	 * The script's process and its child, once the script wrote their pids.
	 * @param directory the {@code RESULT_DIR} of the script
	 * @param launchKey the launch key it was started with
	 */
	static List<ProcessHandle> processes(Path directory, String launchKey) throws Exception {
		Path file = directory.resolve(launchKey.substring(launchKey.lastIndexOf('/') + 1) + ".pids");
		await().atMost(WAIT).until(() -> Files.exists(file));
		return Arrays.stream(Files.readString(file).trim().split(" "))
			.map((pid) -> ProcessHandle.of(Long.parseLong(pid)).orElseThrow())
			.toList();
	}

	static boolean allGone(List<ProcessHandle> processes) {
		return processes.stream().noneMatch(ProcessTree::isAlive);
	}

	static void awaitGone(List<ProcessHandle> processes, Duration within) {
		await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> allGone(processes));
	}

}

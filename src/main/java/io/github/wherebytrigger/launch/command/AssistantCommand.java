package io.github.wherebytrigger.launch.command;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import io.github.wherebytrigger.launch.LaunchRejectedException;
import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.system.LogText;

/**
 * The configured command of an assistant: starts it for a launch with the
 * {@code WHEREBY_*} environment and logs its output prefixed with the room.
 */
final class AssistantCommand {

	// The launcher's logger, which operators already filter assistant output by.
	private static final Log logger = LogFactory.getLog(CommandLauncher.class);

	private final CommandLauncherProperties properties;

	private final JsonMapper jsonMapper;

	AssistantCommand(CommandLauncherProperties properties, JsonMapper jsonMapper) {
		this.properties = properties;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * The program: the first of the arguments.
	 */
	String program() {
		return this.properties.getArgs().get(0);
	}

	/**
	 * Whether the program is an executable file, as a path or on the {@code PATH}.
	 */
	boolean isExecutable() {
		String command = program();
		if (command.contains(File.separator)) {
			return Files.isExecutable(Path.of(command));
		}
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Starts the command for a launch, its output forwarded to the log.
	 * @param request the launch
	 * @return the process
	 * @throws LaunchRejectedException if the command or its working directory is missing
	 * @throws IOException if the process could not be started
	 */
	Process start(LaunchRequest request) throws IOException, LaunchRejectedException {
		if (!isExecutable()) {
			// No redelivery can fix this: answered launch-rejected, not 503.
			throw new LaunchRejectedException("The command '" + program() + "' (whereby.launcher.command.args) is not "
					+ "an executable file, as a path or on the PATH");
		}
		Path workingDirectory = this.properties.getWorkingDirectory();
		if (workingDirectory != null && !Files.isDirectory(workingDirectory)) {
			throw new LaunchRejectedException("The working directory " + workingDirectory
					+ " (whereby.launcher.command.working-directory) does not exist");
		}
		ProcessBuilder builder = new ProcessBuilder(this.properties.getArgs()).redirectErrorStream(true);
		if (workingDirectory != null) {
			builder.directory(workingDirectory.toFile());
		}
		Map<String, String> env = builder.environment();
		env.putAll(this.properties.getEnv());
		env.put("WHEREBY_ROOM_URL", request.roomUrl());
		env.put("WHEREBY_WEBHOOK", this.jsonMapper.writeValueAsString(request.webhook()));
		env.put("WHEREBY_TRIGGER", String.join(",", request.triggers()));
		env.put("WHEREBY_ASSISTANT", request.assistant());
		env.put("WHEREBY_LAUNCH_KEY", request.launchKey());
		Process process = builder.start();
		forwardOutput(process, request);
		return process;
	}

	private static void forwardOutput(Process process, LaunchRequest request) {
		String prefix = "[" + LogText.escape(request.roomUrl()) + "] ";
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					logger.info(prefix + line);
				}
			}
			catch (IOException ex) {
				// The stream closes when the process ends.
			}
		}, "whereby-assistant-" + process.pid());
		reader.setDaemon(true);
		reader.start();
	}

}

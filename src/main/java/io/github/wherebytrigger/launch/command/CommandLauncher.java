package io.github.wherebytrigger.launch.command;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ApplicationEventPublisher;

import io.github.wherebytrigger.system.LogText;
import io.github.wherebytrigger.launch.AssistantEndedEvent;
import io.github.wherebytrigger.launch.AssistantLauncher;
import io.github.wherebytrigger.launch.LaunchRejectedException;
import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.launch.RunningAssistant;
import io.github.wherebytrigger.launch.StopRequest;

/**
 * Runs one local process per running assistant. Its output goes to this service's log,
 * prefixed with the room; stopping sends SIGTERM, then kills after the grace period; a
 * process that exits ends the assistant.
 */
class CommandLauncher implements AssistantLauncher, DisposableBean {

	private static final Log logger = LogFactory.getLog(CommandLauncher.class);

	private final String assistant;

	private final CommandLauncherProperties properties;

	private final JsonMapper jsonMapper;

	private final ApplicationEventPublisher publisher;

	private final Map<String, Process> processes = new ConcurrentHashMap<>();

	/**
	 * Launch keys whose process this instance saw exit, so that they are not mistaken for
	 * processes of another replica or of an earlier run; the most recent ones only.
	 */
	private final Set<String> exited = Collections
		.newSetFromMap(Caffeine.newBuilder().maximumSize(10_000).<String, Boolean>build().asMap());

	CommandLauncher(String assistant, CommandLauncherProperties properties, JsonMapper jsonMapper,
			ApplicationEventPublisher publisher) {
		this.assistant = assistant;
		this.properties = properties;
		this.jsonMapper = jsonMapper;
		this.publisher = publisher;
	}

	@Override
	public synchronized void launch(LaunchRequest request) throws IOException, LaunchRejectedException {
		Process running = this.processes.get(request.launchKey());
		if (running != null && running.isAlive()) {
			return;
		}
		if (this.processes.size() >= this.properties.getMaxRunning()) {
			throw new IOException("Already " + this.processes.size() + " assistant processes running, the most "
					+ "whereby.launcher.command.max-running allows");
		}
		String command = this.properties.getArgs().get(0);
		if (!executable(command)) {
			// No redelivery can fix this: answered launch-rejected, not 503.
			throw new LaunchRejectedException("The command '" + command + "' (whereby.launcher.command.args) is not "
					+ "an executable file, as a path or on the PATH");
		}
		if (this.properties.getWorkingDirectory() != null
				&& !Files.isDirectory(this.properties.getWorkingDirectory())) {
			throw new LaunchRejectedException("The working directory " + this.properties.getWorkingDirectory()
					+ " (whereby.launcher.command.working-directory) does not exist");
		}
		ProcessBuilder builder = new ProcessBuilder(this.properties.getArgs()).redirectErrorStream(true);
		if (this.properties.getWorkingDirectory() != null) {
			builder.directory(this.properties.getWorkingDirectory().toFile());
		}
		Map<String, String> env = builder.environment();
		env.putAll(this.properties.getEnv());
		env.put("WHEREBY_ROOM_URL", request.roomUrl());
		env.put("WHEREBY_WEBHOOK", this.jsonMapper.writeValueAsString(request.webhook()));
		env.put("WHEREBY_TRIGGER", String.join(",", request.triggers()));
		env.put("WHEREBY_ASSISTANT", request.assistant());
		env.put("WHEREBY_LAUNCH_KEY", request.launchKey());
		Process process = builder.start();
		this.processes.put(request.launchKey(), process);
		this.exited.remove(request.launchKey());
		forwardOutput(process, request);
		process.onExit().thenRun(() -> exited(process, request));
		logger.info("Started assistant process " + process.pid() + " for " + LogText.escape(request.roomUrl()));
	}

	private void forwardOutput(Process process, LaunchRequest request) {
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

	private void exited(Process process, LaunchRequest request) {
		if (this.processes.remove(request.launchKey(), process)) {
			this.exited.add(request.launchKey());
			logger.info("Assistant process " + process.pid() + " for " + LogText.escape(request.roomUrl())
					+ " exited with " + process.exitValue());
			this.publisher.publishEvent(new AssistantEndedEvent(this, request));
		}
	}

	@Override
	public void stop(StopRequest request) {
		if (request.launchKey() == null) {
			return;
		}
		Process process = this.processes.get(request.launchKey());
		if (process != null) {
			terminate(process);
		}
	}

	private void terminate(Process process) {
		process.destroy();
		long grace = this.properties.getStopGracePeriod().toMillis();
		CompletableFuture.delayedExecutor(grace, TimeUnit.MILLISECONDS).execute(() -> {
			if (process.isAlive()) {
				logger
					.warn("Assistant process " + process.pid() + " still runs " + grace + " ms after SIGTERM; killing");
				process.destroyForcibly();
			}
		});
	}

	/**
	 * Whether the process of that launch key runs; {@code true} for a key this instance
	 * did not start (another replica's, or one started before a restart): it cannot tell
	 * that it ended.
	 */
	@Override
	public boolean isRunning(RunningAssistant assistant) {
		Process process = this.processes.get(assistant.launchKey());
		return (process != null) ? process.isAlive() : !this.exited.contains(assistant.launchKey());
	}

	@Override
	public String state(RunningAssistant assistant) {
		Process process = this.processes.get(assistant.launchKey());
		return (process != null && process.isAlive()) ? "running (pid " + process.pid() + ")" : "exited";
	}

	/**
	 * Up when the command can be executed; the details say how many processes run.
	 */
	@Override
	public Health health() {
		String command = this.properties.getArgs().get(0);
		Health.Builder builder = executable(command) ? Health.up()
				: Health.down().withDetail("error", "not executable");
		return builder.withDetail("command", command)
			.withDetail("running", this.processes.size())
			.withDetail("maxRunning", this.properties.getMaxRunning())
			.build();
	}

	private static boolean executable(String command) {
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

	@Override
	public void destroy() {
		this.processes.values().forEach(this::terminate);
	}

	@Override
	public String toString() {
		return "command launcher of assistant '" + this.assistant + "'";
	}

}

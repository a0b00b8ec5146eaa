package io.github.wherebytrigger.launch.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of the command launcher: the command that runs one assistant. The same
 * settings apply under {@code whereby.assistants.<name>.command} for a named assistant.
 */
@ConfigurationProperties("whereby.launcher.command")
public class CommandLauncherProperties implements Validator {

	/**
	 * The command and its arguments, for example [node, my-assistant.js]. It gets the
	 * environment variables WHEREBY_ROOM_URL, WHEREBY_WEBHOOK (the event JSON),
	 * WHEREBY_TRIGGER, WHEREBY_ASSISTANT and WHEREBY_LAUNCH_KEY.
	 */
	@NotEmpty
	private List<String> args = new ArrayList<>();

	/**
	 * Working directory of the command; the service's when unset.
	 */
	private @Nullable Path workingDirectory;

	/**
	 * Extra environment variables of the command.
	 */
	private Map<String, String> env = new LinkedHashMap<>();

	/**
	 * Most assistant processes running at once; a launch beyond it is answered 503.
	 */
	@Min(1)
	private int maxRunning = 4;

	/**
	 * How long a stopped assistant may take to exit after SIGTERM before it is killed.
	 */
	@NotNull
	private Duration stopGracePeriod = Duration.ofSeconds(10);

	/**
	 * Directory where the launcher keeps a small file per running process (one folder per
	 * assistant below it), so that after a crash the next start finds and stops the
	 * processes the crashed instance left running.
	 */
	@NotNull
	private Path stateDirectory = Path.of(System.getProperty("java.io.tmpdir"), "whereby-trigger", "command");

	public List<String> getArgs() {
		return this.args;
	}

	public void setArgs(List<String> args) {
		this.args = args;
	}

	public @Nullable Path getWorkingDirectory() {
		return this.workingDirectory;
	}

	public void setWorkingDirectory(@Nullable Path workingDirectory) {
		this.workingDirectory = workingDirectory;
	}

	public Map<String, String> getEnv() {
		return this.env;
	}

	public void setEnv(Map<String, String> env) {
		this.env = env;
	}

	public int getMaxRunning() {
		return this.maxRunning;
	}

	public void setMaxRunning(int maxRunning) {
		this.maxRunning = maxRunning;
	}

	public Duration getStopGracePeriod() {
		return this.stopGracePeriod;
	}

	public void setStopGracePeriod(Duration stopGracePeriod) {
		this.stopGracePeriod = stopGracePeriod;
	}

	public Path getStateDirectory() {
		return this.stateDirectory;
	}

	public void setStateDirectory(Path stateDirectory) {
		this.stateDirectory = stateDirectory;
	}

	@Override
	public boolean supports(Class<?> type) {
		return CommandLauncherProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		CommandLauncherProperties properties = (CommandLauncherProperties) target;
		Duration grace = properties.getStopGracePeriod();
		if (grace != null && (grace.isNegative() || grace.compareTo(Duration.ofMinutes(10)) > 0)) {
			errors.rejectValue("stopGracePeriod", "range", "must be between 0s and 10m");
		}
		Path state = properties.getStateDirectory();
		if (state != null && Files.exists(state) && !Files.isDirectory(state)) {
			errors.rejectValue("stateDirectory", "notDirectory", "must be a directory, and " + state + " is a file");
		}
	}

}

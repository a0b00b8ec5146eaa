package io.github.wherebytrigger.launch.command;

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

/**
 * Settings of the command launcher: the command that runs one assistant. The same
 * settings apply under {@code whereby.assistants.<name>.command} for a named assistant.
 */
@ConfigurationProperties("whereby.launcher.command")
public class CommandLauncherProperties {

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

}

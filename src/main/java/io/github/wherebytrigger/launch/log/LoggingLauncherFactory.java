package io.github.wherebytrigger.launch.log;

import io.github.wherebytrigger.launch.AssistantLauncher;
import io.github.wherebytrigger.launch.LauncherContext;
import io.github.wherebytrigger.launch.LauncherFactory;

/**
 * Launcher type {@code log}: logs each launch and stop and starts nothing.
 */
class LoggingLauncherFactory implements LauncherFactory {

	@Override
	public String type() {
		return "log";
	}

	@Override
	public AssistantLauncher create(LauncherContext context) {
		return new LoggingAssistantLauncher();
	}

}

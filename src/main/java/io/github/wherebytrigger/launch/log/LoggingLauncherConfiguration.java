package io.github.wherebytrigger.launch.log;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.github.wherebytrigger.launch.LaunchConfiguration;
import io.github.wherebytrigger.launch.LauncherFactory;

/**
 * Contributes launcher type {@code log}, the default.
 */
@AutoConfiguration(before = LaunchConfiguration.class)
public class LoggingLauncherConfiguration {

	@Bean
	LauncherFactory loggingLauncherFactory() {
		return new LoggingLauncherFactory();
	}

}

package io.github.wherebytrigger.launch.log;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.wherebytrigger.launch.AssistantLauncher;
import io.github.wherebytrigger.launch.LaunchConfiguration;

/**
 * Registers the logging launcher when no other {@link AssistantLauncher} is defined.
 */
@AutoConfiguration(before = LaunchConfiguration.class)
public class LoggingLauncherConfiguration {

	@Bean
	@ConditionalOnMissingBean(AssistantLauncher.class)
	AssistantLauncher loggingAssistantLauncher() {
		return new LoggingAssistantLauncher();
	}

}

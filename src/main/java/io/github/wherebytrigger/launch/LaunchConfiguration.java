package io.github.wherebytrigger.launch;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.github.wherebytrigger.system.SystemConfiguration;

/**
 * The launch side: the coordinator that keeps one assistant per room in front of the
 * {@link AssistantLauncher}.
 */
@AutoConfiguration(after = SystemConfiguration.class)
@EnableConfigurationProperties({ LauncherProperties.class, AssistantProperties.class })
public class LaunchConfiguration {

	@Bean
	AssistantCoordinator assistantCoordinator(AssistantLauncher launcher, LauncherProperties launcherProperties,
			AssistantProperties assistantProperties, Clock clock, MeterRegistry meterRegistry) {
		return new AssistantCoordinator(launcher, launcherProperties, assistantProperties, clock, meterRegistry);
	}

}

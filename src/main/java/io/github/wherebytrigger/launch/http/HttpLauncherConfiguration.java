package io.github.wherebytrigger.launch.http;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.github.wherebytrigger.launch.AssistantLauncher;
import io.github.wherebytrigger.launch.LaunchConfiguration;
import io.github.wherebytrigger.launch.LauncherContext;
import io.github.wherebytrigger.launch.LauncherFactory;

/**
 * Contributes launcher type {@code http}.
 */
@AutoConfiguration(before = LaunchConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
public class HttpLauncherConfiguration {

	@Bean
	LauncherFactory httpLauncherFactory(ObjectProvider<JsonMapper> jsonMapper, Clock clock) {
		return new LauncherFactory() {

			@Override
			public String type() {
				return "http";
			}

			@Override
			public AssistantLauncher create(LauncherContext context) {
				HttpLauncherProperties properties = context.bind("http", HttpLauncherProperties.class);
				return new HttpWorkerLauncher(properties, jsonMapper.getIfAvailable(JsonMapper::new), clock);
			}

		};
	}

}

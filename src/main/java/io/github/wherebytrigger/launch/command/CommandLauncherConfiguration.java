package io.github.wherebytrigger.launch.command;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import io.github.wherebytrigger.launch.AssistantLauncher;
import io.github.wherebytrigger.launch.LaunchConfiguration;
import io.github.wherebytrigger.launch.LauncherContext;
import io.github.wherebytrigger.launch.LauncherFactory;

/**
 * Contributes launcher type {@code command}.
 */
@AutoConfiguration(before = LaunchConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
public class CommandLauncherConfiguration {

	@Bean
	CommandLauncherFactory commandLauncherFactory(ObjectProvider<JsonMapper> jsonMapper,
			ApplicationEventPublisher publisher) {
		return new CommandLauncherFactory(jsonMapper.getIfAvailable(JsonMapper::new), publisher);
	}

	/**
	 * Creates command launchers and ends their processes when the service stops.
	 */
	static class CommandLauncherFactory implements LauncherFactory, DisposableBean {

		private final JsonMapper jsonMapper;

		private final ApplicationEventPublisher publisher;

		private final List<CommandLauncher> created = new ArrayList<>();

		CommandLauncherFactory(JsonMapper jsonMapper, ApplicationEventPublisher publisher) {
			this.jsonMapper = jsonMapper;
			this.publisher = publisher;
		}

		@Override
		public String type() {
			return "command";
		}

		@Override
		public synchronized AssistantLauncher create(LauncherContext context) {
			CommandLauncher launcher = new CommandLauncher(context.assistant(),
					context.bind("command", CommandLauncherProperties.class), this.jsonMapper, this.publisher);
			this.created.add(launcher);
			return launcher;
		}

		@Override
		public synchronized void destroy() {
			// SIGTERM to the processes of every assistant first: they share one grace
			// period rather than wait for each other's.
			this.created.forEach(CommandLauncher::terminateAll);
			this.created.forEach(CommandLauncher::destroy);
		}

	}

}

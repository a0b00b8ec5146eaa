package io.github.wherebytrigger.launch;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.validation.Validator;

import io.github.wherebytrigger.state.RoomStateStore;
import io.github.wherebytrigger.state.StateConfiguration;
import io.github.wherebytrigger.system.SystemConfiguration;
import io.github.wherebytrigger.system.TracingObservations;
import io.github.wherebytrigger.system.WherebyProperties;

/**
 * The launch side: one launcher per named assistant, created by the
 * {@link LauncherFactory} of its type (or the user's own {@link AssistantLauncher} bean
 * for all of them), and the coordinator in front of them.
 */
@AutoConfiguration(after = { SystemConfiguration.class, StateConfiguration.class })
@EnableConfigurationProperties({ LauncherProperties.class, AssistantProperties.class, WherebyProperties.class })
public class LaunchConfiguration {

	static final String DEFAULT_ASSISTANT = "default";

	@Bean
	LauncherCalls launcherCalls(LauncherProperties launcherProperties, MeterRegistry meterRegistry,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ObservationHandler<?>> observationHandlers) {
		return new LauncherCalls(launcherProperties, meterRegistry,
				TracingObservations.registry(observationRegistry, observationHandlers));
	}

	@Bean
	AssistantCoordinator assistantCoordinator(ObjectProvider<AssistantLauncher> userLauncher,
			List<LauncherFactory> factories, Environment environment, LauncherProperties launcherProperties,
			AssistantProperties assistantProperties, WherebyProperties wherebyProperties, RoomStateStore store,
			LauncherCalls calls, Clock clock) {
		Map<String, ConfiguredLauncher> launchers = launchers(userLauncher.getIfUnique(), factories,
				Binder.get(environment), launcherProperties, wherebyProperties);
		// A launch's claim outlives its deadline a little, then counts as abandoned.
		RoomRules rules = new RoomRules(assistantProperties.getClockSkew(),
				launcherProperties.getDeadline().plusSeconds(2));
		return new AssistantCoordinator(launchers, assistantProperties,
				new RoomLedger(store, assistantProperties.getForgetAfter()), rules, calls, clock);
	}

	private static Map<String, ConfiguredLauncher> launchers(AssistantLauncher userLauncher,
			List<LauncherFactory> factories, Binder binder, LauncherProperties launcherProperties,
			WherebyProperties wherebyProperties) {
		Map<String, LauncherFactory> byType = factories.stream()
			.collect(Collectors.toMap(LauncherFactory::type, Function.identity()));
		Validator beanValidator = LauncherContext.beanValidator();
		Map<String, ConfiguredLauncher> launchers = new LinkedHashMap<>();
		Set<String> defined = assistantNames(binder);
		Map<String, WherebyProperties.Assistant> named = new LinkedHashMap<>();
		for (String name : defined) {
			named.put(name, wherebyProperties.getAssistants().getOrDefault(name, new WherebyProperties.Assistant()));
		}
		named.putIfAbsent(DEFAULT_ASSISTANT, new WherebyProperties.Assistant());
		named.forEach((name, assistant) -> {
			int maxConcurrent = (assistant.getMaxConcurrentLaunches() != null) ? assistant.getMaxConcurrentLaunches()
					: launcherProperties.getMaxConcurrentLaunches();
			if (userLauncher != null) {
				launchers.put(name, new ConfiguredLauncher(name, "custom", userLauncher, maxConcurrent));
				return;
			}
			String prefix = defined.contains(name) ? "whereby.assistants." + name : "whereby.launcher";
			String type = (assistant.getType() != null) ? assistant.getType() : launcherProperties.getType();
			LauncherFactory factory = byType.get(type);
			if (factory == null) {
				throw new BeanCreationException("Launcher type '" + type + "' of assistant '" + name + "' (" + prefix
						+ ".type) is not available; available types: " + new TreeSet<>(byType.keySet()));
			}
			AssistantLauncher launcher = factory.create(new LauncherContext(name, prefix, binder, beanValidator));
			launchers.put(name, new ConfiguredLauncher(name, type, launcher, maxConcurrent));
		});
		return launchers;
	}

	/**
	 * The launch and stop observations exist for tracing: their timers would repeat
	 * {@code whereby.launches} and {@code whereby.stops}.
	 */
	@Bean
	static MeterFilter wherebyLaunchObservationMeterFilter() {
		return MeterFilter.deny((id) -> id.getName().startsWith(LauncherCalls.LAUNCH_OBSERVATION)
				|| id.getName().startsWith(LauncherCalls.STOP_OBSERVATION));
	}

	/**
	 * The names under {@code whereby.assistants}: every key with settings below it, with
	 * or without a {@code type} (which defaults to {@code whereby.launcher.type}).
	 */
	private static Set<String> assistantNames(Binder binder) {
		Map<String, Object> assistants = binder.bind("whereby.assistants", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
		for (String name : assistants.keySet()) {
			if (!WherebyProperties.ASSISTANT_NAME.matcher(name).matches()) {
				throw new BeanCreationException("Assistant name '" + name + "' (whereby.assistants." + name
						+ ") must be 1 to 32 lowercase letters, digits or '-', starting and ending with a letter or digit");
			}
		}
		return new LinkedHashSet<>(assistants.keySet());
	}

	@Bean
	@ConditionalOnAvailableEndpoint
	AssistantsEndpoint assistantsEndpoint(RecordedAssistants running) {
		return new AssistantsEndpoint(running);
	}

	@Bean
	RecordedAssistants recordedAssistants(AssistantCoordinator coordinator, MeterRegistry meterRegistry) {
		return new RecordedAssistants(coordinator, meterRegistry);
	}

	@Bean
	HealthContributor launchersHealthContributor(AssistantCoordinator coordinator, LauncherProperties properties,
			Clock clock) {
		SimpleAsyncTaskExecutor checks = new SimpleAsyncTaskExecutor("whereby-launcher-health-");
		checks.setDaemon(true);
		LauncherProperties.HealthCheck health = properties.getHealth();
		Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
		coordinator.launchers()
			.forEach((name, launcher) -> indicators.put(name,
					new BoundedHealth(launcher.launcher(), health.getTimeout(), health.getReuseFor(), clock, checks)));
		return CompositeHealthContributor.fromMap(indicators);
	}

}

package io.github.wherebytrigger.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;

import io.github.wherebytrigger.launch.AssistantProperties;
import io.github.wherebytrigger.launch.LauncherProperties;
import io.github.wherebytrigger.launch.command.CommandLauncherProperties;
import io.github.wherebytrigger.launch.http.HttpLauncherProperties;
import io.github.wherebytrigger.launch.kubernetes.KubernetesLauncherProperties;
import io.github.wherebytrigger.state.StateProperties;
import io.github.wherebytrigger.system.WherebyProperties;
import io.github.wherebytrigger.trigger.TriggerProperties;
import io.github.wherebytrigger.webhook.WebhookProperties;

/**
 * Stops start-up when a {@code whereby.*} property set in a configuration file, on the
 * command line or as a system property binds to nothing: a mistyped key
 * ({@code whereby.launcher.typ}, {@code whereby.trigger.rules...}, a rule's {@code evnt})
 * would otherwise be ignored without a word. Each part of the {@code whereby} tree is
 * bound to the class that owns it with Spring Boot's
 * {@link NoUnboundElementsBindHandler}, which lists what nothing bound;
 * {@link UnknownPropertiesFailureAnalyzer} prints them with the closest valid name.
 * Environment variables are not checked: {@code WHEREBY_*} variables of other tools (an
 * API key, an assistant's own settings) are common, and not this service's to refuse.
 */
class UnknownPropertiesCheck implements EnvironmentPostProcessor, Ordered {

	private static final List<String> LAUNCHER_KINDS = List.of("command", "http", "kubernetes");

	@Override
	public int getOrder() {
		// After the configuration files are read.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		List<ConfigurationProperty> unknown = new ArrayList<>();
		check(environment, "whereby", WherebyProperties.class,
				(name) -> !owned(name, "webhook", "triggers", "state", "launcher", "assistant")
						&& !perAssistantLauncher(name),
				unknown);
		check(environment, "whereby.webhook", WebhookProperties.class, (name) -> true, unknown);
		check(environment, "whereby.triggers", TriggerProperties.class, (name) -> true, unknown);
		check(environment, "whereby.state", StateProperties.class, (name) -> true, unknown);
		check(environment, "whereby.assistant", AssistantProperties.class, (name) -> true, unknown);
		check(environment, "whereby.launcher", LauncherProperties.class, (name) -> !launcherKind(name, 2), unknown);
		Map<String, Class<?>> kinds = new LinkedHashMap<>();
		kinds.put("command", CommandLauncherProperties.class);
		kinds.put("http", HttpLauncherProperties.class);
		kinds.put("kubernetes", KubernetesLauncherProperties.class);
		kinds.forEach((kind, type) -> check(environment, "whereby.launcher." + kind, type, (name) -> true, unknown));
		WherebyProperties bound = Binder.get(environment)
			.bind("whereby", Bindable.of(WherebyProperties.class))
			.orElseGet(WherebyProperties::new);
		for (String assistant : bound.getAssistants().keySet()) {
			kinds.forEach((kind, type) -> check(environment, "whereby.assistants." + assistant + "." + kind, type,
					(name) -> true, unknown));
		}
		if (!unknown.isEmpty()) {
			throw new UnknownPropertiesException(unknown);
		}
	}

	/**
	 * Binds one part of the tree, from the sources this check covers, and collects what
	 * nothing bound.
	 */
	private static void check(ConfigurableEnvironment environment, String prefix, Class<?> type,
			Predicate<ConfigurationPropertyName> included, List<ConfigurationProperty> unknown) {
		ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
		List<ConfigurationPropertySource> sources = new ArrayList<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource && !isEnvironmentVariables(source)) {
				sources.add(source.filter((name) -> !root.isAncestorOf(name) || included.test(name)));
			}
		}
		Binder binder = new Binder(sources, new PropertySourcesPlaceholdersResolver(environment));
		try {
			binder.bind(prefix, Bindable.of(type), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
				unknown.addAll(unbound.getUnboundProperties());
			}
			// Any other binding error is reported by the real binding, with its context.
		}
	}

	private static boolean isEnvironmentVariables(ConfigurationPropertySource source) {
		return source.getUnderlyingSource() instanceof org.springframework.core.env.PropertySource<?> propertySource
				&& StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(propertySource.getName());
	}

	/**
	 * Whether a name under {@code whereby} belongs to a class of its own.
	 */
	private static boolean owned(ConfigurationPropertyName name, String... children) {
		if (name.getNumberOfElements() < 2) {
			return false;
		}
		String child = name.getElement(1, ConfigurationPropertyName.Form.UNIFORM);
		for (String owned : children) {
			if (owned.equals(child)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a name is {@code whereby.assistants.<name>.<launcher kind>...}.
	 */
	private static boolean perAssistantLauncher(ConfigurationPropertyName name) {
		return name.getNumberOfElements() > 3
				&& "assistants".equals(name.getElement(1, ConfigurationPropertyName.Form.UNIFORM))
				&& launcherKind(name, 3);
	}

	private static boolean launcherKind(ConfigurationPropertyName name, int index) {
		return name.getNumberOfElements() > index
				&& LAUNCHER_KINDS.contains(name.getElement(index, ConfigurationPropertyName.Form.UNIFORM));
	}

}

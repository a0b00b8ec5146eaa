package io.github.wherebytrigger.config;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds the service's defaults ({@code io/github/wherebytrigger/config/defaults.yml}: the
 * webhook path, Tomcat's time-outs, the exposed Actuator endpoints, ...) as the property
 * source of lowest precedence. They are not an {@code application.yml}: the library is
 * also a dependency of other applications, whose own {@code application.yml} would hide
 * one in this jar (or be hidden by it), so the defaults would depend on the class path's
 * order. Here every file, argument or environment variable overrides them, one property
 * at a time.
 */
class ServiceDefaults implements EnvironmentPostProcessor, Ordered {

	static final String NAME = "whereby-trigger defaults";

	private static final ClassPathResource DEFAULTS = new ClassPathResource(
			"io/github/wherebytrigger/config/defaults.yml");

	@Override
	public int getOrder() {
		// Before the check of unknown whereby.* keys, which sees them too.
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources sources = environment.getPropertySources();
		if (sources.contains(NAME)) {
			return;
		}
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load(NAME, DEFAULTS)) {
				sources.addLast(source);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + DEFAULTS, ex);
		}
	}

}

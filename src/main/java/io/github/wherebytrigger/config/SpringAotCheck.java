package io.github.wherebytrigger.config;

import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Stops start-up with a clear message when the service runs on Spring AOT's generated
 * bean definitions ({@code -Dspring.aot.enabled=true}, as the image does) without
 * Actuator on a port of its own. The build ({@code ./mvnw -Paot package}) records a
 * separate management port, as the image and the chart run it: Spring Boot would
 * otherwise fail later with "'port' must not be null", or with the webhook port "already
 * in use".
 */
class SpringAotCheck implements EnvironmentPostProcessor, Ordered {

	private static final int DEFAULT_SERVER_PORT = 8080;

	@Override
	public int getOrder() {
		// After the configuration files are read.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!AotDetector.useGeneratedArtifacts()) {
			return;
		}
		Integer management = environment.getProperty("management.server.port", Integer.class);
		int server = environment.getProperty("server.port", Integer.class, DEFAULT_SERVER_PORT);
		if (management == null) {
			throw new SpringAotSettingsException("management.server.port is not set");
		}
		if (management == server) {
			throw new SpringAotSettingsException("management.server.port is the webhook port, " + server);
		}
	}

	/**
	 * Thrown at start-up when the settings do not match what Spring AOT recorded.
	 */
	static class SpringAotSettingsException extends IllegalStateException {

		SpringAotSettingsException(String problem) {
			super(problem);
		}

	}

}

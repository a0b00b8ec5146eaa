package io.github.wherebytrigger.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says what {@link SpringAotCheck} found in Spring Boot's "APPLICATION FAILED TO START"
 * block, and the two ways out.
 */
class SpringAotFailureAnalyzer extends AbstractFailureAnalyzer<SpringAotCheck.SpringAotSettingsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SpringAotCheck.SpringAotSettingsException cause) {
		return new FailureAnalysis(
				"This service runs with Spring AOT (-Dspring.aot.enabled=true), which was built for Actuator on a "
						+ "port of its own, but " + cause.getMessage() + ".",
				"Set management.server.port (MANAGEMENT_SERVER_PORT) to a port other than server.port: the image "
						+ "uses 8081, as the Helm chart does. Or start without -Dspring.aot.enabled=true.",
				cause);
	}

}

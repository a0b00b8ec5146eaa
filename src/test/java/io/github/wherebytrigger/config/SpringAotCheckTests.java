package io.github.wherebytrigger.config;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.SpringProperties;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link SpringAotCheck} and {@link SpringAotFailureAnalyzer}: with Spring
 * AOT's bean definitions, Actuator must have a port of its own.
 */
class SpringAotCheckTests {

	@AfterEach
	void leaveSpringAotOff() {
		SpringProperties.setProperty(AotDetector.AOT_ENABLED, null);
	}

	@Test
	void withoutSpringAotAnySettingsPass() {
		assertThatNoException().isThrownBy(() -> check(Map.of()));
	}

	@Test
	void withSpringAotAManagementPortOfItsOwnPasses() {
		SpringProperties.setFlag(AotDetector.AOT_ENABLED);
		assertThatNoException().isThrownBy(() -> check(Map.of("management.server.port", "8081")));
		assertThatNoException()
			.isThrownBy(() -> check(Map.of("server.port", "9000", "management.server.port", "8080")));
	}

	@Test
	void withSpringAotNoManagementPortStopsStartUpSayingWhatToSet() {
		SpringProperties.setFlag(AotDetector.AOT_ENABLED);
		assertThatExceptionOfType(SpringAotCheck.SpringAotSettingsException.class).isThrownBy(() -> check(Map.of()))
			.satisfies((ex) -> {
				FailureAnalysis analysis = new SpringAotFailureAnalyzer().analyze(ex);
				assertThat(analysis.getDescription()).contains("Spring AOT")
					.contains("management.server.port is not set");
				assertThat(analysis.getAction()).contains("MANAGEMENT_SERVER_PORT")
					.contains("8081")
					.contains("-Dspring.aot.enabled=true");
			});
	}

	@Test
	void withSpringAotTheWebhookPortForActuatorStopsStartUp() {
		SpringProperties.setFlag(AotDetector.AOT_ENABLED);
		assertThatExceptionOfType(SpringAotCheck.SpringAotSettingsException.class)
			.isThrownBy(() -> check(Map.of("management.server.port", "8080")))
			.withMessage("management.server.port is the webhook port, 8080");
	}

	private static void check(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new SpringAotCheck().postProcessEnvironment(environment, new SpringApplication());
	}

}

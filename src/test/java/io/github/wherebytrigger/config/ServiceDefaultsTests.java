package io.github.wherebytrigger.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServiceDefaults}: the service's defaults apply wherever it runs, and
 * anything the application sets wins over each one.
 */
class ServiceDefaultsTests {

	@Test
	void defaultsComeLastAndEachCanBeOverridden() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application.yml", Map.of("whereby.webhook.path", "/whereby")));

		new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("whereby.webhook.path")).isEqualTo("/whereby");
		assertThat(environment.getProperty("server.tomcat.keep-alive-timeout")).isEqualTo("65s");
		assertThat(environment.getProperty("management.endpoint.health.show-components")).isEqualTo("always");
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second))
			.hasValueSatisfying((last) -> assertThat(last.getName()).startsWith(ServiceDefaults.NAME));
	}

	@Test
	void addsTheDefaultsOnce() {
		StandardEnvironment environment = new StandardEnvironment();
		int before = environment.getPropertySources().size();

		new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
		new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getPropertySources().size()).isEqualTo(before + 1);
	}

}

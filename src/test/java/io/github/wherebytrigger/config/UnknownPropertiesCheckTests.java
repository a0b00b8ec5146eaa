package io.github.wherebytrigger.config;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link UnknownPropertiesCheck} and {@link UnknownPropertiesFailureAnalyzer}:
 * each mistyped key of issue 12 stops start-up naming the closest valid one.
 */
class UnknownPropertiesCheckTests {

	@ParameterizedTest
	@CsvSource({ "whereby.launcher.typ, command, whereby.launcher.type",
			"whereby.trigger.rules.x.event, room.client.joined, whereby.triggers.rules.x.event",
			"whereby.triggers.rules.x.evnt, room.client.joined, whereby.triggers.rules.x.event",
			"whereby.webhook.signing-secret, whsec_x, whereby.webhook.signing-secrets",
			"whereby.assistants.notes.kubernetes.imag, ghcr.io/acme/notes:1, whereby.assistants.notes.kubernetes.image",
			"whereby.state.stor, redis, whereby.state.store" })
	void aMistypedKeyStopsStartUpNamingTheClosestValidOne(String key, String value, String closest) {
		StandardEnvironment environment = environment(Map.of(key, value, "whereby.assistants.notes.type", "log"));
		assertThatExceptionOfType(UnknownPropertiesException.class).isThrownBy(() -> check(environment))
			.satisfies((ex) -> {
				FailureAnalysis analysis = new UnknownPropertiesFailureAnalyzer().analyze(ex);
				assertThat(analysis.getDescription()).contains("- " + key + " (")
					.contains("did you mean " + closest + "?");
				assertThat(analysis.getAction()).contains("docs/configuration.md");
			});
	}

	@Test
	void everyKnownKindOfPropertyPasses() {
		StandardEnvironment environment = environment(
				Map.ofEntries(Map.entry("whereby.room-base-domain", "whereby.com"),
						Map.entry("whereby.webhook.signing-secrets[0]", "whsec_a"),
						Map.entry("whereby.webhook.max-body-size", "64KB"),
						Map.entry("whereby.triggers.enabled", "room.client.joined"),
						Map.entry("whereby.triggers.rules.host.event", "room.client.joined"),
						Map.entry("whereby.triggers.rules.host.condition", "data.roleName == 'host'"),
						Map.entry("whereby.launcher.type", "command"), Map.entry("whereby.launcher.deadline", "3s"),
						Map.entry("whereby.launcher.command.args[0]", "node"),
						Map.entry("whereby.launcher.command.env.LOG_LEVEL", "info"),
						Map.entry("whereby.launcher.kubernetes.resources.limits.memory", "512Mi"),
						Map.entry("whereby.assistant.one-per-room", "true"), Map.entry("whereby.state.store", "memory"),
						Map.entry("whereby.assistants.notes.type", "http"),
						Map.entry("whereby.assistants.notes.http.url", "http://workers/assistants"),
						Map.entry("whereby.assistants.notes.max-concurrent-launches", "4")));
		assertThatNoException().isThrownBy(() -> check(environment));
	}

	@Test
	void environmentVariablesOfOtherToolsAreNotChecked() {
		StandardEnvironment environment = environment(Map.of());
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("WHEREBY_API_KEY", "secret", "WHEREBY_ROOM_URL", "https://acme.whereby.com/x")));
		assertThatNoException().isThrownBy(() -> check(environment));
	}

	private static void check(StandardEnvironment environment) {
		new UnknownPropertiesCheck().postProcessEnvironment(environment, new SpringApplication());
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}

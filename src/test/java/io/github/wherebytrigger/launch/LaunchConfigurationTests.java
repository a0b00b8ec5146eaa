package io.github.wherebytrigger.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.validation.FieldError;

import io.github.wherebytrigger.state.StateConfiguration;
import io.github.wherebytrigger.launch.command.CommandLauncherConfiguration;
import io.github.wherebytrigger.launch.http.HttpLauncherConfiguration;
import io.github.wherebytrigger.launch.kubernetes.KubernetesLauncherConfiguration;
import io.github.wherebytrigger.launch.log.LoggingLauncherConfiguration;
import io.github.wherebytrigger.system.SystemConfiguration;
import io.github.wherebytrigger.trigger.TriggerConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up of the launch side: which launcher each assistant gets, and which
 * configurations refuse to start.
 */
class LaunchConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SystemConfiguration.class, LoggingLauncherConfiguration.class,
				HttpLauncherConfiguration.class, CommandLauncherConfiguration.class,
				KubernetesLauncherConfiguration.class, StateConfiguration.class, LaunchConfiguration.class,
				TriggerConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void runWithoutLauncherTypeShouldGiveDefaultAssistantTheLogLauncher() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(launchers(context)).containsOnlyKeys("default");
			assertThat(launchers(context).get("default").type()).isEqualTo("log");
		});
	}

	@Test
	void runWhenTypeIsUnknownShouldFailNamingThePropertyAndAvailableTypes() {
		this.contextRunner.withPropertyValues("whereby.launcher.type=nope")
			.run((context) -> assertThat(messages(context)).contains("'nope'")
				.contains("whereby.launcher.type")
				.contains("available types: [command, http, kubernetes, log]"));
	}

	@Test
	void runWhenNamedAssistantTypeIsUnknownShouldFailNamingItsProperty() {
		this.contextRunner.withPropertyValues("whereby.assistants.notetaker.type=nope")
			.run((context) -> assertThat(messages(context)).contains("whereby.assistants.notetaker.type")
				.contains("available types: [command, http, kubernetes, log]"));
	}

	@Test
	void runWithNamedCommandAssistantShouldCreateItsLauncherNextToDefault() {
		this.contextRunner
			.withPropertyValues("whereby.assistants.notetaker.type=command",
					"whereby.assistants.notetaker.command.args=node,notetaker.js")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Map<String, ConfiguredLauncher> launchers = launchers(context);
				assertThat(launchers).containsOnlyKeys("default", "notetaker");
				assertThat(launchers.get("default").type()).isEqualTo("log");
				assertThat(launchers.get("notetaker").type()).isEqualTo("command");
				assertThat(launchers.get("notetaker").launcher())
					.hasToString("command launcher of assistant 'notetaker'");
			});
	}

	@Test
	void runWhenNamedAssistantHasNoTypeShouldInheritLauncherType() {
		this.contextRunner
			.withPropertyValues("whereby.launcher.type=command", "whereby.launcher.command.args=node,assistant.js",
					"whereby.assistants.notetaker.command.args=node,notetaker.js")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Map<String, ConfiguredLauncher> launchers = launchers(context);
				assertThat(launchers).containsOnlyKeys("default", "notetaker");
				assertThat(launchers.get("notetaker").type()).isEqualTo("command");
				assertThat(launchers.get("notetaker").launcher())
					.hasToString("command launcher of assistant 'notetaker'");
			});
	}

	@Test
	void runWhenNamedHttpAssistantHasNoUrlShouldFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("whereby.assistants.notetaker.type=http")
			.run((context) -> assertThat(failedProperties(context)).contains("whereby.assistants.notetaker.http.url"));
	}

	@Test
	void runWhenHttpLauncherHasNoUrlShouldFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("whereby.launcher.type=http")
			.run((context) -> assertThat(failedProperties(context)).contains("whereby.launcher.http.url"));
	}

	@Test
	void runWhenCommandLauncherHasNoArgsShouldFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("whereby.launcher.type=command")
			.run((context) -> assertThat(failedProperties(context)).contains("whereby.launcher.command.args"));
	}

	@Test
	void runWhenAssistantNameIsInvalidShouldFail() {
		this.contextRunner.withPropertyValues("whereby.assistants.Bad_Name.type=log")
			.run((context) -> assertThat(messages(context)).containsIgnoringCase("bad_name")
				.contains("must be 1 to 32 lowercase letters"));
	}

	@Test
	void runWhenRuleNamesUnknownAssistantShouldFailNamingTheRule() {
		this.contextRunner
			.withPropertyValues("whereby.triggers.rules.r.event=room.client.joined",
					"whereby.triggers.rules.r.assistant=ghost")
			.run((context) -> assertThat(messages(context)).contains("Rule 'r'")
				.contains("'ghost'")
				.contains("configured assistants: [default]"));
	}

	@Test
	void runWhenRuleNamesNamedAssistantShouldStart() {
		this.contextRunner
			.withPropertyValues("whereby.assistants.notetaker.type=log",
					"whereby.triggers.rules.r.event=room.client.joined", "whereby.triggers.rules.r.assistant=notetaker")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void runWithUserLauncherBeanShouldUseItForEveryAssistant() {
		AssistantLauncher own = (request) -> {
		};
		this.contextRunner.withBean(AssistantLauncher.class, () -> own)
			.withPropertyValues("whereby.assistants.notetaker.type=command")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Map<String, ConfiguredLauncher> launchers = launchers(context);
				assertThat(launchers).containsOnlyKeys("default", "notetaker");
				assertThat(launchers.values()).allSatisfy((launcher) -> {
					assertThat(launcher.type()).isEqualTo("custom");
					assertThat(launcher.launcher()).isSameAs(own);
				});
			});
	}

	@Test
	void runShouldContributeOneLauncherHealthPerAssistant() {
		this.contextRunner
			.withPropertyValues("whereby.assistants.notetaker.type=command",
					"whereby.assistants.notetaker.command.args=sh")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				CompositeHealthContributor launchers = context.getBean("launchersHealthContributor",
						CompositeHealthContributor.class);
				assertThat(launchers.stream().map(HealthContributors.Entry::name)).containsExactlyInAnyOrder("default",
						"notetaker");
				assertThat(launchers.stream())
					.allSatisfy((entry) -> assertThat(((HealthIndicator) entry.contributor()).health().getStatus())
						.isEqualTo(Status.UP));
				assertThat(((HealthIndicator) launchers.getContributor("notetaker")).health().getDetails())
					.containsEntry("command", "sh");
			});
	}

	@Test
	void runWhenStopOnNamesUnknownTypeShouldFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("whereby.assistant.stop-on=room.session.ended,room.nope")
			.run((context) -> assertThat(messages(context)).contains("whereby.assistant")
				.contains("'room.nope' is not an event type"));
	}

	@Test
	void runWhenDeadlineIsLongerThanWherebyWaitsShouldFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("whereby.launcher.deadline=10s")
			.run((context) -> assertThat(failedProperties(context)).contains("whereby.launcher.deadline"));
	}

	private static Map<String, ConfiguredLauncher> launchers(AssertableApplicationContext context) {
		return context.getBean(AssistantCoordinator.class).launchers();
	}

	/**
	 * The messages of the start-up failure and its causes.
	 */
	private static String messages(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	/**
	 * The properties a start-up failure rejects, named as Boot's failure analysis names
	 * them.
	 */
	private static List<String> failedProperties(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		List<String> properties = new ArrayList<>();
		for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
			if (cause instanceof BindValidationException validation) {
				validation.getValidationErrors()
					.getAllErrors()
					.stream()
					.filter(FieldError.class::isInstance)
					.map(FieldError.class::cast)
					.forEach((error) -> properties.add(error.getObjectName() + "." + error.getField()));
			}
		}
		return properties;
	}

}

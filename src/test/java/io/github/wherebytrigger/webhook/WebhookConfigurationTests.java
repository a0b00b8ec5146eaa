package io.github.wherebytrigger.webhook;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

import io.github.wherebytrigger.state.StateConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up of the webhook endpoint: which configurations start, and what refuses to.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(StateConfiguration.class, WebhookConfiguration.class))
		.withUserConfiguration(Infrastructure.class);

	@Test
	void runWithoutSigningSecretShouldFailNamingTheProperty() {
		this.runner.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure())).contains("whereby.webhook.signing-secrets")
				.contains("allow-unsigned");
		});
	}

	@Test
	void runWithAllowUnsignedShouldStartAndWarn(CapturedOutput output) {
		this.runner.withPropertyValues("whereby.webhook.allow-unsigned=true").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(ServletRegistrationBean.class);
			assertThat(output).contains("signatures are NOT verified");
		});
	}

	@Test
	void runWithSecretsFromCommaSeparatedEnvironmentVariableShouldBindEach() {
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
						Map.of("WHEREBY_WEBHOOK_SIGNINGSECRETS", "whsec_old,whsec_new"))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(WebhookProperties.class).getSigningSecrets()).containsExactly("whsec_old",
						"whsec_new");
			});
	}

	@Test
	void runWithSecretShouldNotLogIt(CapturedOutput output) {
		this.runner.withPropertyValues("whereby.webhook.signing-secrets=whsec_never_logged")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("whsec_never_logged");
	}

	@Test
	void runWithBlankSecretShouldFail() {
		this.runner
			.withPropertyValues("whereby.webhook.signing-secrets[0]=whsec_ok", "whereby.webhook.signing-secrets[1]= ")
			.run((context) -> assertThat(messages(context.getStartupFailure())).contains("empty secret"));
	}

	@Test
	void runWithPathWithoutLeadingSlashShouldFailNamingTheProperty() {
		this.runner.withPropertyValues("whereby.webhook.allow-unsigned=true", "whereby.webhook.path=webhooks")
			.run((context) -> assertThat(messages(context.getStartupFailure())).contains("whereby.webhook")
				.contains("path"));
	}

	@Test
	void runWithOutOfRangeLimitsShouldFailNamingTheProperty() {
		this.runner
			.withPropertyValues("whereby.webhook.allow-unsigned=true", "whereby.webhook.max-body-size=10B",
					"whereby.webhook.tolerance=-5s")
			.run((context) -> assertThat(messages(context.getStartupFailure())).contains("maxBodySize")
				.contains("tolerance"));
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class Infrastructure {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		WebhookHandler webhookHandler() {
			return (webhook, arrival) -> new WebhookResult(webhook.id(), webhook.type(), WebhookOutcome.NOT_TRIGGERED,
					List.of(), null);
		}

	}

}

package io.github.wherebytrigger.trigger;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.github.wherebytrigger.launch.AssistantCoordinator;
import io.github.wherebytrigger.launch.LaunchConfiguration;
import io.github.wherebytrigger.system.WherebyProperties;
import io.github.wherebytrigger.webhook.WebhookHandler;
import io.github.wherebytrigger.webhook.WebhookInspector;

/**
 * Trigger discovery and evaluation, and the webhook handler built on them.
 */
@AutoConfiguration(after = LaunchConfiguration.class)
@EnableConfigurationProperties(TriggerProperties.class)
public class TriggerConfiguration {

	@Bean
	static TriggerScan triggerScan() {
		return new TriggerScan();
	}

	@Bean
	TriggerRegistry triggerRegistry(ConfigurableListableBeanFactory beanFactory, TriggerProperties properties,
			MeterRegistry meterRegistry, AssistantCoordinator assistants) {
		return new TriggerRegistry(beanFactory, properties, meterRegistry, assistants.assistantNames());
	}

	@Bean
	TriggerEvaluator triggerEvaluator(TriggerRegistry registry, TriggerProperties properties,
			MeterRegistry meterRegistry) {
		return new TriggerEvaluator(registry, properties.getTimeout(), properties.getMaxConcurrentPredicates(),
				meterRegistry);
	}

	@Bean
	WebhookHandler triggerWebhookHandler(TriggerEvaluator evaluator, AssistantCoordinator assistants,
			TriggerProperties properties, WherebyProperties wherebyProperties) {
		return new TriggerWebhookHandler(evaluator, assistants, properties.getEnabled(),
				wherebyProperties.getRoomBaseDomain());
	}

	@Bean
	@ConditionalOnAvailableEndpoint
	TriggersEndpoint triggersEndpoint(TriggerRegistry registry, TriggerEvaluator evaluator,
			TriggerProperties properties, WebhookInspector inspector, AssistantCoordinator assistants,
			WherebyProperties wherebyProperties) {
		return new TriggersEndpoint(registry, evaluator, properties.getEnabled(), inspector, assistants,
				wherebyProperties.getRoomBaseDomain());
	}

	@Bean
	HealthIndicator triggersHealthIndicator(TriggerRegistry registry) {
		return new TriggersHealthIndicator(registry);
	}

}

package io.github.wherebytrigger.webhook;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import io.github.wherebytrigger.state.RoomStateStore;
import io.github.wherebytrigger.system.TracingObservations;

/**
 * The webhook endpoint and what it needs: signature verification, parsing and
 * deduplication.
 */
@AutoConfiguration(afterName = { "io.github.wherebytrigger.state.StateConfiguration",
		"io.github.wherebytrigger.trigger.TriggerConfiguration" })
@EnableConfigurationProperties(WebhookProperties.class)
public class WebhookConfiguration {

	private static final Log logger = LogFactory.getLog(WebhookConfiguration.class);

	/**
	 * The webhook observation exists for tracing: its timers would repeat
	 * {@code whereby.webhooks} on the hot path.
	 */
	@Bean
	static MeterFilter wherebyWebhookObservationMeterFilter() {
		return MeterFilter.deny((id) -> id.getName().startsWith(WebhookEndpoint.OBSERVATION));
	}

	@Bean
	WebhookMetrics webhookMetrics(MeterRegistry meterRegistry) {
		return new WebhookMetrics(meterRegistry);
	}

	@Bean
	FilterRegistrationBean<WebhookContentTypeFilter> webhookContentTypeFilter(WebhookProperties properties,
			WebhookMetrics metrics) {
		FilterRegistrationBean<WebhookContentTypeFilter> registration = new FilterRegistrationBean<>(
				new WebhookContentTypeFilter(properties.getPath(), metrics));
		registration.addUrlPatterns(properties.getPath());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	WebhookParser webhookParser() {
		return new WebhookParser();
	}

	@Bean
	WebhookDeduplicator webhookDeduplicator(RoomStateStore store, WebhookProperties properties) {
		return new WebhookDeduplicator(store, properties.getDeduplication().getRetention());
	}

	@Bean
	WebhookInspector webhookInspector(WebhookParser parser, WebhookDeduplicator deduplicator) {
		return new WebhookInspector(parser, deduplicator);
	}

	@Bean
	RouterFunction<ServerResponse> wherebyWebhookRoutes(WebhookProperties properties, Clock clock,
			WebhookHandler handler, ApplicationEventPublisher publisher, WebhookMetrics metrics,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ObservationHandler<?>> observationHandlers, WebhookParser parser,
			WebhookDeduplicator deduplicator) {
		WebhookSignatureVerifier verifier = null;
		if (properties.getSigningSecrets().isEmpty()) {
			logger.warn("No webhook signing secret is configured and whereby.webhook.allow-unsigned is true: "
					+ "signatures are NOT verified, anyone who can reach " + properties.getPath()
					+ " can launch assistants. Set whereby.webhook.signing-secrets outside local development.");
		}
		else {
			verifier = new WebhookSignatureVerifier(properties.getSigningSecrets(), properties.getTolerance(), clock);
		}
		return new WebhookEndpoint(properties, verifier, parser, deduplicator, handler, publisher, metrics,
				TracingObservations.registry(observationRegistry, observationHandlers))
			.routes();
	}

}

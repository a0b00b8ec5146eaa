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
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

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

	/**
	 * Reads webhook bodies without holding a worker thread, after the content-type check.
	 */
	@Bean
	FilterRegistrationBean<WebhookBodyFilter> webhookBodyFilter(WebhookProperties properties, WebhookMetrics metrics) {
		FilterRegistrationBean<WebhookBodyFilter> registration = new FilterRegistrationBean<>(new WebhookBodyFilter(
				properties.getPath(), properties.getMaxBodySize().toBytes(), properties.getBodyReadTimeout(), metrics));
		registration.addUrlPatterns(properties.getPath());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setAsyncSupported(true);
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
	WebhookActions webhookActions(WebhookProperties properties) {
		return new WebhookActions(properties.getActionThreads());
	}

	/**
	 * The webhook path's own servlet, beside Spring MVC's.
	 */
	@Bean
	ServletRegistrationBean<WebhookServlet> wherebyWebhookServlet(WebhookProperties properties, Clock clock,
			WebhookHandler handler, ApplicationEventPublisher publisher, WebhookMetrics metrics,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ObservationHandler<?>> observationHandlers, WebhookParser parser,
			WebhookDeduplicator deduplicator, WebhookActions actions) {
		WebhookSignatureVerifier verifier = null;
		if (properties.getSigningSecrets().isEmpty()) {
			logger.warn("No webhook signing secret is configured and whereby.webhook.allow-unsigned is true: "
					+ "signatures are NOT verified, anyone who can reach " + properties.getPath()
					+ " can launch assistants. Set whereby.webhook.signing-secrets outside local development.");
		}
		else {
			verifier = new WebhookSignatureVerifier(properties.getSigningSecrets(), properties.getTolerance(), clock);
		}
		WebhookEndpoint endpoint = new WebhookEndpoint(properties, verifier, parser, deduplicator, handler, publisher,
				metrics, TracingObservations.registry(observationRegistry, observationHandlers), actions::execute);
		ServletRegistrationBean<WebhookServlet> registration = new ServletRegistrationBean<>(
				new WebhookServlet(endpoint, properties.getPath()), properties.getPath());
		registration.setName("wherebyWebhook");
		registration.setAsyncSupported(true);
		registration.setLoadOnStartup(1);
		return registration;
	}

	/**
	 * Tomcat reads (swallows) the unread rest of a request body after answering, on a
	 * worker thread and as slowly as the client sends it, before the answer is even
	 * written. For a 413 it can close the connection instead: a body declared or found
	 * too large is then never read.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
	static class TomcatSwallowConfiguration {

		@Bean
		WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> webhookTooLargeBodiesNotSwallowed() {
			return (factory) -> factory.addContextCustomizers((context) -> context.setSwallowAbortedUploads(false));
		}

	}

}

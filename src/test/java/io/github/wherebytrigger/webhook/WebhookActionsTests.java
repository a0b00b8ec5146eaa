package io.github.wherebytrigger.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.github.wherebytrigger.state.RoomStateStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for handing webhooks that launch or stop to {@link WebhookActions}: when it takes
 * no more, the answer is a 503 Whereby retries; its threads finish what they hold when
 * the application stops.
 */
class WebhookActionsTests {

	private static final String JOINED = """
			{"id":"evt-1","apiVersion":"1.0","createdAt":"2026-11-20T10:15:00Z","type":"room.client.joined",
			 "data":{"roomName":"/standup","subdomain":"acme","roleName":"host","numClients":1}}""";

	@Test
	void aWebhookThatActsWhenNoActionThreadTakesItIsAnswered503() throws Exception {
		WebhookProperties properties = new WebhookProperties();
		properties.setAllowUnsigned(true);
		WebhookHandler launching = (webhook, arrivalNanos) -> new WebhookResult(webhook.id(), webhook.type(),
				WebhookOutcome.LAUNCHED, List.of("host-joined"), null);
		WebhookEndpoint endpoint = new WebhookEndpoint(properties, null, new WebhookParser(),
				new WebhookDeduplicator(mock(RoomStateStore.class), Duration.ofHours(1)), launching, (event) -> {
				}, new WebhookMetrics(new SimpleMeterRegistry()), ObservationRegistry.NOOP, (action) -> {
					throw new RejectedExecutionException("queue full");
				});
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks");
		request.setContentType("application/json");
		request.setContent(JOINED.getBytes(StandardCharsets.UTF_8));

		MockHttpServletResponse response = new MockHttpServletResponse();
		new WebhookServlet(endpoint, properties.getPath()).service(request, response);

		assertThat(response.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.value());
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString()).contains("Too many webhooks are waiting to launch or stop");
	}

	@Test
	void actionsInHandFinishWhenTheApplicationStops() throws Exception {
		WebhookActions actions = new WebhookActions(2);
		CountDownLatch started = new CountDownLatch(1);
		AtomicReference<String> thread = new AtomicReference<>();
		actions.execute(() -> {
			started.countDown();
			sleep(200);
			thread.set(Thread.currentThread().getName());
		});
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

		actions.destroy();

		assertThat(thread.get()).startsWith("whereby-webhook-");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

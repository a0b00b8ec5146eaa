package io.github.wherebytrigger.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.wherebytrigger.state.RoomStateStore;
import io.github.wherebytrigger.state.RoomStateStores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WebhookDeduplicator}.
 */
class WebhookDeduplicatorTests {

	private static final String ROOM_URL = "https://acme.whereby.com/standup";

	private final WebhookDeduplicator deduplicator = new WebhookDeduplicator(RoomStateStores.memory(),
			new WebhookProperties.Deduplication().getRetention());

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	private final AtomicInteger handlings = new AtomicInteger();

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
	}

	@Test
	void aRedeliveryAfterTheHandlingAnswersDuplicateWithTheTriggersThatFired() {
		WherebyWebhook webhook = joined("evt-1");
		WebhookResult first = handleOnce(webhook, launched(webhook, List.of("host-joined")));
		WebhookResult second = handleOnce(webhook, launched(webhook, List.of("other")));
		assertThat(first.outcome()).isEqualTo(WebhookOutcome.LAUNCHED);
		assertThat(second).isEqualTo(new WebhookResult("evt-1", "room.client.joined", WebhookOutcome.DUPLICATE,
				List.of("host-joined"), ROOM_URL));
		assertThat(this.handlings).hasValue(1);
	}

	@Test
	void aRedeliveryOfAnEventNothingFiredForAnswersDuplicateWithoutTriggers() {
		WherebyWebhook webhook = joined("evt-2");
		handleOnce(webhook,
				new WebhookResult("evt-2", "room.client.joined", WebhookOutcome.NOT_TRIGGERED, List.of(), ROOM_URL));
		assertThat(handleOnce(webhook, launched(webhook, List.of("x"))))
			.isEqualTo(new WebhookResult("evt-2", "room.client.joined", WebhookOutcome.DUPLICATE, List.of(), ROOM_URL));
		assertThat(this.handlings).hasValue(1);
	}

	@Test
	void aFailedHandlingForgetsTheIdSoThatTheRedeliveryHandlesIt() {
		WherebyWebhook webhook = joined("evt-3");
		assertThatExceptionOfType(RetryLaterException.class).isThrownBy(() -> acting(webhook, deadline(), () -> {
			throw new RetryLaterException("launcher down", null);
		}, () -> ROOM_URL));
		assertThat(this.deduplicator.wasHandled("evt-3")).isFalse();
		assertThat(handleOnce(webhook, launched(webhook, List.of("host-joined"))).outcome())
			.isEqualTo(WebhookOutcome.LAUNCHED);
		assertThat(this.deduplicator.wasHandled("evt-3")).isTrue();
	}

	@Test
	void aRedeliveryDuringTheHandlingWaitsForItAndAnswersDuplicate() throws Exception {
		WherebyWebhook webhook = joined("evt-4");
		CountDownLatch handling = new CountDownLatch(1);
		CompletableFuture<Void> release = new CompletableFuture<>();
		Future<WebhookResult> first = this.executor.submit(() -> acting(webhook, deadline(), () -> {
			handling.countDown();
			release.join();
			return new WebhookResult("evt-4", "room.client.joined", WebhookOutcome.LAUNCHED, List.of("host-joined"),
					"https://acme.whereby.com/first");
		}, () -> ROOM_URL));
		assertThat(handling.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.deduplicator.wasHandled("evt-4")).isFalse();
		CompletableFuture<WebhookResult> second = new CompletableFuture<>();
		Thread redelivery = new Thread(() -> second.complete(handleOnce(webhook, launched(webhook, List.of("other")))));
		redelivery.start();
		// Release the first delivery only once the redelivery waits for it.
		long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (redelivery.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < giveUp) {
			Thread.onSpinWait();
		}
		assertThat(redelivery.getState()).isEqualTo(Thread.State.TIMED_WAITING);
		release.complete(null);
		assertThat(first.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(WebhookOutcome.LAUNCHED);
		// The waiter got the first delivery's triggers, once it was recorded.
		assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(new WebhookResult("evt-4", "room.client.joined",
				WebhookOutcome.DUPLICATE, List.of("host-joined"), ROOM_URL));
		assertThat(this.handlings).hasValue(0);
	}

	@Test
	void aRedeliveryThatWaitsPastTheDeadlineIsToldToRetry() throws Exception {
		WherebyWebhook webhook = joined("evt-5");
		CountDownLatch handling = new CountDownLatch(1);
		CompletableFuture<Void> release = new CompletableFuture<>();
		this.executor.submit(() -> acting(webhook, deadline(), () -> {
			handling.countDown();
			release.join();
			return launched(webhook, List.of());
		}, () -> ROOM_URL));
		assertThat(handling.await(10, TimeUnit.SECONDS)).isTrue();
		try {
			assertThatExceptionOfType(RetryLaterException.class)
				.isThrownBy(() -> acting(webhook, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50),
						() -> launched(webhook, List.of()), () -> ROOM_URL));
		}
		finally {
			release.complete(null);
		}
	}

	@Test
	void aHandlingThatChangesNothingIsRecordedAsHandledInItsClaim() {
		WherebyWebhook webhook = joined("evt-6");
		RoomStateStore store = RoomStateStores.memory();
		WebhookDeduplicator deduplicator = new WebhookDeduplicator(store, Duration.ofMinutes(5));
		WebhookResult quiet = new WebhookResult("evt-6", "room.client.joined", WebhookOutcome.NOT_TRIGGERED, List.of(),
				ROOM_URL);
		AtomicInteger published = new AtomicInteger();
		assertThat(deduplicator.handleOnce(webhook, deadline(), WebhookHandler.Handling.quiet(quiet),
				published::incrementAndGet, 0, () -> ROOM_URL))
			.isEqualTo(quiet);
		// Recorded by the claim itself: nothing to settle afterwards.
		assertThat(store.event("evt-6")).isEqualTo("h");
		assertThat(deduplicator.handleOnce(webhook, deadline(), WebhookHandler.Handling.quiet(quiet),
				published::incrementAndGet, 0, () -> ROOM_URL))
			.isEqualTo(new WebhookResult("evt-6", "room.client.joined", WebhookOutcome.DUPLICATE, List.of(), ROOM_URL));
		assertThat(published).hasValue(1);
	}

	@Test
	void aHandlingThatChangesNothingButFailsLetsGoOfItsRecord() {
		WherebyWebhook webhook = joined("evt-7");
		WebhookResult quiet = new WebhookResult("evt-7", "room.client.joined", WebhookOutcome.NOT_TRIGGERED, List.of(),
				ROOM_URL);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(
				() -> this.deduplicator.handleOnce(webhook, deadline(), WebhookHandler.Handling.quiet(quiet), () -> {
					throw new IllegalStateException("listener");
				}, 0, () -> ROOM_URL));
		assertThat(this.deduplicator.wasHandled("evt-7")).isFalse();
	}

	@Test
	void triggersTooSlowOnAHandledEventStillAnswerDuplicate() {
		WherebyWebhook webhook = joined("evt-9");
		handleOnce(webhook, launched(webhook, List.of("host-joined")));

		WebhookHandler.Handling handling = this.deduplicator.prepare(webhook, () -> {
			throw new RetryLaterException("Trigger 'slow' did not decide within 2s", null);
		}, () -> ROOM_URL);
		WebhookResult redelivery = this.deduplicator.handleOnce(webhook, deadline(), handling, () -> {
		}, 0, () -> ROOM_URL);

		assertThat(redelivery.outcome()).isEqualTo(WebhookOutcome.DUPLICATE);
		assertThat(redelivery.triggers()).containsExactly("host-joined");
		assertThat(this.handlings).hasValue(1);
	}

	@Test
	void triggersTooSlowOnANewEventAnswerRetryLater() {
		WherebyWebhook webhook = joined("evt-10");

		assertThatExceptionOfType(RetryLaterException.class).isThrownBy(() -> this.deduplicator.prepare(webhook, () -> {
			throw new RetryLaterException("Trigger 'slow' did not decide within 2s", null);
		}, () -> ROOM_URL));
		assertThat(handleOnce(webhook, launched(webhook, List.of("host-joined"))).outcome())
			.isEqualTo(WebhookOutcome.LAUNCHED);
	}

	@Test
	void aQuietHandlingCannotFireTriggers() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WebhookHandler.Handling.quiet(launched(joined("evt-8"), List.of("host-joined"))));
	}

	private WebhookResult acting(WherebyWebhook webhook, long deadline, Supplier<WebhookResult> handling,
			Supplier<String> roomUrl) {
		return this.deduplicator.handleOnce(webhook, deadline,
				WebhookHandler.Handling.acting((arrival) -> handling.get()), () -> {
				}, 0, roomUrl::get);
	}

	private WebhookResult handleOnce(WherebyWebhook webhook, WebhookResult result) {
		return acting(webhook, deadline(), () -> {
			this.handlings.incrementAndGet();
			return result;
		}, () -> ROOM_URL);
	}

	private static long deadline() {
		return System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
	}

	private static WebhookResult launched(WherebyWebhook webhook, List<String> triggers) {
		return new WebhookResult(webhook.id(), webhook.type(), WebhookOutcome.LAUNCHED, triggers, ROOM_URL);
	}

	private static WherebyWebhook joined(String id) {
		return new RoomClientJoined(id, "1.0", Instant.parse("2026-11-27T10:00:00Z"),
				new ClientData(null, "/standup", null, "acme", "host", "Ada", "p_1", null, null, 2, Map.of(), null));
	}

}

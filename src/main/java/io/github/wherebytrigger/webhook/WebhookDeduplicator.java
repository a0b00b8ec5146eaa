package io.github.wherebytrigger.webhook;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Lets each event id be handled once. The first delivery of an id handles it; a
 * redelivery arriving while it runs waits for its result, and one arriving after it
 * answers {@link WebhookOutcome#DUPLICATE}. A handling that fails forgets the id, so
 * Whereby's redelivery can try again.
 */
class WebhookDeduplicator {

	private final ConcurrentMap<String, CompletableFuture<WebhookResult>> handled;

	WebhookDeduplicator(WebhookProperties.Deduplication properties) {
		this.handled = Caffeine.newBuilder()
			.expireAfterWrite(properties.getRetention())
			.maximumSize(properties.getMaxEntries())
			// Maintenance on the calling thread: cheaper than a hop to the common pool.
			.executor(Runnable::run)
			.<String, CompletableFuture<WebhookResult>>build()
			.asMap();
	}

	/**
	 * Handles an event unless its id was handled already.
	 * @param id the event id
	 * @param deadlineNanos {@link System#nanoTime()} after which a redelivery stops
	 * waiting for the first delivery's result
	 * @param handling what handling the event means
	 * @return the handling's result, or the earlier result marked as a duplicate
	 */
	WebhookResult handleOnce(String id, long deadlineNanos, Supplier<WebhookResult> handling) {
		while (true) {
			CompletableFuture<WebhookResult> mine = new CompletableFuture<>();
			CompletableFuture<WebhookResult> earlier = this.handled.putIfAbsent(id, mine);
			if (earlier == null) {
				return handle(id, mine, handling);
			}
			try {
				return earlier.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)
					.withOutcome(WebhookOutcome.DUPLICATE);
			}
			catch (ExecutionException ex) {
				// The earlier delivery failed and let go of the id: handle it here.
			}
			catch (TimeoutException ex) {
				throw new RetryLaterException("The same event is still being handled", null);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new RetryLaterException("Interrupted while waiting for the same event", ex);
			}
		}
	}

	private WebhookResult handle(String id, CompletableFuture<WebhookResult> mine, Supplier<WebhookResult> handling) {
		try {
			WebhookResult result = handling.get();
			mine.complete(result);
			return result;
		}
		catch (RuntimeException | Error ex) {
			this.handled.remove(id, mine);
			mine.completeExceptionally(ex);
			throw ex;
		}
	}

	/**
	 * Whether an event id was handled: a redelivery would answer
	 * {@link WebhookOutcome#DUPLICATE}.
	 */
	boolean wasHandled(String id) {
		CompletableFuture<WebhookResult> handling = this.handled.get(id);
		return handling != null && handling.isDone() && !handling.isCompletedExceptionally();
	}

}

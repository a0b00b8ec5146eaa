package io.github.wherebytrigger.webhook;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/**
 * Lets each event id be handled once. The first delivery of an id handles it; a
 * redelivery arriving while it runs waits for its result, and one arriving after it
 * answers {@link WebhookOutcome#DUPLICATE}. A handling that fails forgets the id, so
 * Whereby's redelivery can try again.
 * <p>
 * Up to {@code max-entries} ids are kept, so each must cost little: once handled, an id
 * keeps only the triggers that fired, one shared value when none did (most events); the
 * rest of a duplicate's answer comes from the redelivery itself.
 */
class WebhookDeduplicator {

	private final ConcurrentMap<String, Seen> seen;

	WebhookDeduplicator(WebhookProperties.Deduplication properties) {
		this.seen = Caffeine.newBuilder()
			.expireAfterWrite(properties.getRetention())
			.maximumSize(properties.getMaxEntries())
			// Maintenance on the calling thread: cheaper than a hop to the common pool.
			.executor(Runnable::run)
			.<String, Seen>build()
			.asMap();
	}

	/**
	 * Handles an event unless its id was handled already.
	 * @param webhook the event
	 * @param deadlineNanos {@link System#nanoTime()} after which a redelivery stops
	 * waiting for the first delivery's result
	 * @param handling what handling the event means
	 * @param roomUrl the room URL of the event, for the answer to a duplicate
	 * @return the handling's result, or the earlier result marked as a duplicate
	 */
	WebhookResult handleOnce(WherebyWebhook webhook, long deadlineNanos, Supplier<WebhookResult> handling,
			Supplier<@Nullable String> roomUrl) {
		String id = webhook.id();
		while (true) {
			Handling mine = new Handling(new CompletableFuture<>());
			Seen earlier = this.seen.putIfAbsent(id, mine);
			if (earlier == null) {
				return handle(id, mine, handling);
			}
			if (earlier instanceof Handled handled) {
				return new WebhookResult(id, webhook.type(), WebhookOutcome.DUPLICATE, handled.triggers(),
						roomUrl.get());
			}
			try {
				return ((Handling) earlier).result()
					.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)
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

	private WebhookResult handle(String id, Handling mine, Supplier<WebhookResult> handling) {
		try {
			WebhookResult result = handling.get();
			// Waiting redeliveries get the whole result; later ones the compact one.
			mine.result().complete(result);
			this.seen.replace(id, mine, Handled.of(result));
			return result;
		}
		catch (RuntimeException | Error ex) {
			this.seen.remove(id, mine);
			mine.result().completeExceptionally(ex);
			throw ex;
		}
	}

	/**
	 * Whether an event id was handled: a redelivery would answer
	 * {@link WebhookOutcome#DUPLICATE}.
	 */
	boolean wasHandled(String id) {
		Seen seen = this.seen.get(id);
		return (seen instanceof Handled) || (seen instanceof Handling handling && handling.result().isDone()
				&& !handling.result().isCompletedExceptionally());
	}

	/**
	 * What is kept of an event id.
	 */
	private sealed interface Seen permits Handling, Handled {

	}

	/**
	 * The first delivery is being handled.
	 */
	private record Handling(CompletableFuture<WebhookResult> result) implements Seen {

	}

	/**
	 * The event was handled: the triggers that fired, all a duplicate's answer needs
	 * besides the redelivery itself.
	 */
	private record Handled(List<String> triggers) implements Seen {

		private static final Handled NO_TRIGGERS = new Handled(List.of());

		static Handled of(WebhookResult result) {
			return result.triggers().isEmpty() ? NO_TRIGGERS : new Handled(result.triggers());
		}

	}

}

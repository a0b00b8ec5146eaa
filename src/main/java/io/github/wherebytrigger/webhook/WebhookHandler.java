package io.github.wherebytrigger.webhook;

import java.util.function.LongFunction;

import org.jspecify.annotations.Nullable;

/**
 * Acts on a verified, parsed, not yet handled webhook: evaluates the triggers and
 * launches or stops assistants. Called once per event id at a time; a result counts the
 * event as handled, an exception lets the redelivery try again.
 */
@FunctionalInterface
public interface WebhookHandler {

	/**
	 * Handles a webhook.
	 * @param webhook the webhook
	 * @param arrivalNanos {@link System#nanoTime()} when the request arrived, the start
	 * of every deadline
	 * @return what was done
	 * @throws RetryLaterException when handling failed in a way a redelivery may fix
	 */
	WebhookResult handle(WherebyWebhook webhook, long arrivalNanos);

	/**
	 * Decides, without changing anything, whether handling the webhook would launch or
	 * stop anything. A webhook whose handling changes nothing (most of them: no trigger
	 * fired, no meeting ended) is recorded as handled in one step, before its result is
	 * answered, instead of being claimed while it is handled and recorded after: one
	 * round trip to a shared room-state store instead of two. By default every webhook is
	 * handled by {@link #handle}.
	 * @param webhook the webhook
	 * @return the handling
	 * @throws RetryLaterException when deciding failed in a way a redelivery may fix
	 */
	default Handling prepare(WherebyWebhook webhook) {
		return Handling.acting((arrivalNanos) -> handle(webhook, arrivalNanos));
	}

	/**
	 * The room URL {@link #handle} puts in its result, for the answer to a redelivery of
	 * an event handled earlier (only the outcome and triggers of handled events are
	 * kept).
	 * @param webhook the webhook
	 * @return the room URL, {@code null} by default
	 */
	default @Nullable String roomUrl(WherebyWebhook webhook) {
		return null;
	}

	/**
	 * A webhook's handling, as {@link #prepare} decided it.
	 */
	final class Handling {

		private final @Nullable WebhookResult quietResult;

		private final LongFunction<WebhookResult> action;

		private final boolean answered;

		private Handling(@Nullable WebhookResult quietResult, LongFunction<WebhookResult> action, boolean answered) {
			this.quietResult = quietResult;
			this.action = action;
			this.answered = answered;
		}

		/**
		 * No handling: the answer is known without one (a redelivery of an event handled
		 * already).
		 */
		static Handling answered(WebhookResult result) {
			return new Handling(null, (arrivalNanos) -> result, true);
		}

		boolean isAnswered() {
			return this.answered;
		}

		/**
		 * Whether carrying the handling out may launch or stop assistants, and so wait
		 * for a launcher.
		 * @return whether the handling acts
		 */
		public boolean acts() {
			return this.quietResult == null && !this.answered;
		}

		/**
		 * A handling that launches or stops nothing; its result lists no triggers.
		 * @param result the result
		 * @return the handling
		 */
		public static Handling quiet(WebhookResult result) {
			if (!result.triggers().isEmpty()) {
				throw new IllegalArgumentException("A handling that changes nothing fires no triggers");
			}
			return new Handling(result, (arrivalNanos) -> result, false);
		}

		/**
		 * A handling that may launch or stop assistants.
		 * @param action the handling, from the arrival time of the webhook
		 * @return the handling
		 */
		public static Handling acting(LongFunction<WebhookResult> action) {
			return new Handling(null, action, false);
		}

		/**
		 * The result, when the handling changes nothing.
		 * @return the result, or {@code null} when it acts
		 */
		public @Nullable WebhookResult quietResult() {
			return this.quietResult;
		}

		/**
		 * Carries the handling out.
		 * @param arrivalNanos {@link System#nanoTime()} when the request arrived
		 * @return what was done
		 * @throws RetryLaterException when handling failed in a way a redelivery may fix
		 */
		public WebhookResult act(long arrivalNanos) {
			return this.action.apply(arrivalNanos);
		}

	}

}

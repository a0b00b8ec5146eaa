package io.github.wherebytrigger.webhook;

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
	 * The room URL {@link #handle} puts in its result, for the answer to a redelivery of
	 * an event handled earlier (only the outcome and triggers of handled events are
	 * kept).
	 * @param webhook the webhook
	 * @return the room URL, {@code null} by default
	 */
	default @Nullable String roomUrl(WherebyWebhook webhook) {
		return null;
	}

}

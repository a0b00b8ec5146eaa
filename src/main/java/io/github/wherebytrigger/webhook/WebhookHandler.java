package io.github.wherebytrigger.webhook;

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

}

package io.github.wherebytrigger.trigger;

import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * A trigger that decides at once. Implemented by a {@link WherebyTrigger @WherebyTrigger}
 * bean. It runs with a deadline ({@code whereby.triggers.timeout}); an exception counts
 * as {@code false}.
 *
 * @param <W> the webhook record it evaluates, for example
 * {@link io.github.wherebytrigger.webhook.RoomClientJoined}
 */
@FunctionalInterface
public interface TriggerPredicate<W extends WherebyWebhook> {

	/**
	 * Decides whether this webhook should start an assistant.
	 * @param webhook the webhook
	 * @return {@code true} to launch
	 */
	boolean test(W webhook);

}

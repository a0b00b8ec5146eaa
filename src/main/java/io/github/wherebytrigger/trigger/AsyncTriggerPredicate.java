package io.github.wherebytrigger.trigger;

import java.util.concurrent.CompletionStage;

import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * A trigger that decides later, for example after calling another service. Implemented by
 * a {@link WherebyTrigger @WherebyTrigger} bean. The stage must complete within
 * {@code whereby.triggers.timeout}: later, the webhook is answered 503 so that Whereby
 * delivers it again. A stage that fails counts as {@code false}.
 *
 * @param <W> the webhook record it evaluates, for example
 * {@link io.github.wherebytrigger.webhook.RoomClientJoined}
 */
@FunctionalInterface
public interface AsyncTriggerPredicate<W extends WherebyWebhook> {

	/**
	 * Decides whether this webhook should start an assistant. Must not block.
	 * @param webhook the webhook
	 * @return a stage completing with {@code true} to launch
	 */
	CompletionStage<Boolean> test(W webhook);

}

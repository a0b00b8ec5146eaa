package io.github.wherebytrigger.trigger;

import java.util.List;
import java.util.Set;

import io.github.wherebytrigger.launch.AssistantCoordinator;
import io.github.wherebytrigger.webhook.RoomSessionEnded;
import io.github.wherebytrigger.webhook.WebhookHandler;
import io.github.wherebytrigger.webhook.WebhookOutcome;
import io.github.wherebytrigger.webhook.WebhookResult;
import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * Decides what a webhook means: a session end stops the room's assistant; for an enabled
 * type, the triggers are evaluated and, if any fired, the assistant is launched once.
 */
final class TriggerWebhookHandler implements WebhookHandler {

	private final TriggerEvaluator evaluator;

	private final AssistantCoordinator assistants;

	private final Set<String> enabledTypes;

	private final String roomBaseDomain;

	TriggerWebhookHandler(TriggerEvaluator evaluator, AssistantCoordinator assistants, Set<String> enabledTypes,
			String roomBaseDomain) {
		this.evaluator = evaluator;
		this.assistants = assistants;
		this.enabledTypes = Set.copyOf(enabledTypes);
		this.roomBaseDomain = roomBaseDomain;
	}

	@Override
	public WebhookResult handle(WherebyWebhook webhook, long arrivalNanos) {
		String roomUrl = webhook.data().roomUrl(this.roomBaseDomain);
		if (webhook instanceof RoomSessionEnded) {
			this.assistants.roomEnded(webhook);
		}
		if (!this.enabledTypes.contains(webhook.type())) {
			return result(webhook, WebhookOutcome.DISABLED, List.of(), roomUrl);
		}
		List<String> fired = this.evaluator.fired(webhook);
		if (fired.isEmpty()) {
			return result(webhook, WebhookOutcome.NOT_TRIGGERED, fired, roomUrl);
		}
		WebhookOutcome outcome = this.assistants.launch(webhook, roomUrl, fired, arrivalNanos);
		return result(webhook, outcome, fired, roomUrl);
	}

	private static WebhookResult result(WherebyWebhook webhook, WebhookOutcome outcome, List<String> triggers,
			String roomUrl) {
		return new WebhookResult(webhook.id(), webhook.type(), outcome, triggers, roomUrl);
	}

}

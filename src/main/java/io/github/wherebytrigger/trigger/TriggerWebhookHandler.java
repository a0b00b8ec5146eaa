package io.github.wherebytrigger.trigger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.wherebytrigger.launch.AssistantCoordinator;
import io.github.wherebytrigger.launch.LaunchOutcome;
import io.github.wherebytrigger.launch.LauncherUnavailableException;
import io.github.wherebytrigger.webhook.RetryLaterException;
import io.github.wherebytrigger.webhook.WebhookHandler;
import io.github.wherebytrigger.webhook.WebhookOutcome;
import io.github.wherebytrigger.webhook.WebhookResult;
import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * Decides what a webhook means: a stop event stops the room's assistants; for an enabled
 * type, the triggers are evaluated and, if any fired, each assistant they name is
 * launched once.
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
		return prepare(webhook).act(arrivalNanos);
	}

	/**
	 * Evaluates the triggers; the handling acts when one fired or the webhook stops
	 * assistants, and changes nothing otherwise.
	 */
	@Override
	public Handling prepare(WherebyWebhook webhook) {
		String roomUrl = roomUrl(webhook);
		boolean stops = this.assistants.isStopEvent(webhook);
		boolean enabled = this.enabledTypes.contains(webhook.type());
		List<Trigger> fired = enabled ? this.evaluator.fired(webhook) : List.of();
		if (fired.isEmpty()) {
			WebhookResult result = result(webhook, enabled ? WebhookOutcome.NOT_TRIGGERED : WebhookOutcome.DISABLED,
					List.of(), roomUrl);
			return stops ? Handling.acting((arrivalNanos) -> result.withStopped(stop(webhook, roomUrl, arrivalNanos)))
					: Handling.quiet(result);
		}
		return Handling.acting((arrivalNanos) -> {
			List<String> stopped = stop(webhook, roomUrl, arrivalNanos);
			Map<String, List<String>> byAssistant = fired.stream()
				.collect(Collectors.groupingBy(Trigger::assistant, LinkedHashMap::new,
						Collectors.mapping(Trigger::name, Collectors.toList())));
			List<String> names = fired.stream().map(Trigger::name).toList();
			try {
				LaunchOutcome outcome = this.assistants.launch(webhook, roomUrl, byAssistant, arrivalNanos);
				return result(webhook, outcome(outcome), names, roomUrl).withStopped(stopped);
			}
			catch (LauncherUnavailableException ex) {
				throw new RetryLaterException(ex.getMessage(), ex.getCause());
			}
		});
	}

	private List<String> stop(WherebyWebhook webhook, String roomUrl, long arrivalNanos) {
		try {
			return this.assistants.stopIfEnded(webhook, roomUrl, arrivalNanos);
		}
		catch (LauncherUnavailableException ex) {
			throw new RetryLaterException(ex.getMessage(), ex.getCause());
		}
	}

	@Override
	public String roomUrl(WherebyWebhook webhook) {
		return webhook.data().roomUrl(this.roomBaseDomain);
	}

	/**
	 * The answer's outcome for a launch's.
	 */
	static WebhookOutcome outcome(LaunchOutcome outcome) {
		return switch (outcome) {
			case LAUNCHED -> WebhookOutcome.LAUNCHED;
			case LAUNCH_REJECTED -> WebhookOutcome.LAUNCH_REJECTED;
			case ALREADY_RUNNING -> WebhookOutcome.ALREADY_RUNNING;
			case REMOVED -> WebhookOutcome.REMOVED;
			case STALE -> WebhookOutcome.STALE;
		};
	}

	private static WebhookResult result(WherebyWebhook webhook, WebhookOutcome outcome, List<String> triggers,
			String roomUrl) {
		return new WebhookResult(webhook.id(), webhook.type(), outcome, triggers, roomUrl);
	}

}

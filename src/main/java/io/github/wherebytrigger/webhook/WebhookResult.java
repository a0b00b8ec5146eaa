package io.github.wherebytrigger.webhook;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The answer to an accepted webhook.
 *
 * @param id the event id
 * @param type the event type
 * @param outcome what was done
 * @param triggers the names of the triggers that fired, empty when none did
 * @param roomUrl the URL of the event's room, {@code null} for ignored types
 */
public record WebhookResult(String id, String type, WebhookOutcome outcome, List<String> triggers,
		@Nullable String roomUrl) {

	public WebhookResult {
		triggers = List.copyOf(triggers);
	}

	/**
	 * The same result with another outcome.
	 * @param outcome the new outcome
	 * @return a copy with that outcome
	 */
	public WebhookResult withOutcome(WebhookOutcome outcome) {
		return new WebhookResult(this.id, this.type, outcome, this.triggers, this.roomUrl);
	}

}

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
 * @param stopped the names of the assistants whose launch in this room the webhook
 * stopped (a meeting's end, a host's removal), empty when it stopped none
 * @param roomUrl the URL of the event's room, {@code null} for ignored types
 */
public record WebhookResult(String id, String type, WebhookOutcome outcome, List<String> triggers, List<String> stopped,
		@Nullable String roomUrl) {

	public WebhookResult {
		triggers = List.copyOf(triggers);
		stopped = List.copyOf(stopped);
	}

	/**
	 * A result that stopped nothing.
	 * @param id the event id
	 * @param type the event type
	 * @param outcome what was done
	 * @param triggers the names of the triggers that fired
	 * @param roomUrl the URL of the event's room
	 */
	public WebhookResult(String id, String type, WebhookOutcome outcome, List<String> triggers,
			@Nullable String roomUrl) {
		this(id, type, outcome, triggers, List.of(), roomUrl);
	}

	/**
	 * The same result, listing the assistants it stopped.
	 * @param stopped the names of the assistants it stopped
	 * @return a copy with them
	 */
	public WebhookResult withStopped(List<String> stopped) {
		return new WebhookResult(this.id, this.type, this.outcome, this.triggers, stopped, this.roomUrl);
	}

	/**
	 * The same result with another outcome.
	 * @param outcome the new outcome
	 * @return a copy with that outcome
	 */
	public WebhookResult withOutcome(WebhookOutcome outcome) {
		return new WebhookResult(this.id, this.type, outcome, this.triggers, this.stopped, this.roomUrl);
	}

}

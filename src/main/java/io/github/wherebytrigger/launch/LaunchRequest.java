package io.github.wherebytrigger.launch;

import java.util.List;

import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * What an {@link AssistantLauncher} is asked to start.
 *
 * @param assistant the name of the assistant to start ({@code default} unless a trigger
 * names another one of {@code whereby.assistants})
 * @param roomUrl the URL the assistant joins,
 * {@code https://<subdomain>.<whereby.room-base-domain><roomName>}
 * @param webhook the webhook that fired the triggers
 * @param triggers the names of the triggers that fired for this assistant, at least one
 * @param launchKey the same for every attempt at the same logical launch, on every
 * replica and after a restart, for use as an idempotency key:
 * {@code <assistant>:<subdomain><roomName>@<session>#<generation>}, where the session is
 * the room session id (or {@code event-<event id>} before Whereby names one) and the
 * generation counts launches into that session (with
 * {@code whereby.assistant.one-per-room=false}, the event id instead)
 */
public record LaunchRequest(String assistant, String roomUrl, WherebyWebhook webhook, List<String> triggers,
		String launchKey) {

	public LaunchRequest {
		triggers = List.copyOf(triggers);
	}

	/**
	 * The organisation's subdomain of the room.
	 * @return the subdomain
	 */
	public String subdomain() {
		return this.webhook.data().subdomain();
	}

	/**
	 * The name of the room, starting with {@code /}.
	 * @return the room name
	 */
	public String roomName() {
		return this.webhook.data().roomName();
	}

}

package io.github.wherebytrigger.launch;

import java.util.List;

import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * What an {@link AssistantLauncher} is asked to start.
 *
 * @param roomUrl the URL the assistant joins,
 * {@code https://<subdomain>.<whereby.room-base-domain><roomName>}
 * @param webhook the webhook that fired the triggers
 * @param triggers the names of the triggers that fired, at least one
 * @param launchKey a key that is the same for every attempt at the same logical launch
 * (the same room and generation), for use as an idempotency key
 */
public record LaunchRequest(String roomUrl, WherebyWebhook webhook, List<String> triggers, String launchKey) {

	public LaunchRequest {
		triggers = List.copyOf(triggers);
	}

}

package io.github.wherebytrigger.launch;

import org.jspecify.annotations.Nullable;

import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * What an {@link AssistantLauncher} is asked to stop: the assistant of a room.
 *
 * @param assistant the name of the assistant
 * @param roomUrl the URL of the room
 * @param subdomain the organisation's subdomain of the room
 * @param roomName the name of the room
 * @param launchKey the key of the launch to undo, or {@code null} when this service has
 * no record of one (for example after a restart on another replica)
 * @param webhook the webhook that ended the assistant's meeting
 */
public record StopRequest(String assistant, String roomUrl, String subdomain, String roomName,
		@Nullable String launchKey, WherebyWebhook webhook) {

}

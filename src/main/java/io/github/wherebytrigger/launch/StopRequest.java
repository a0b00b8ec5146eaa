package io.github.wherebytrigger.launch;

import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * What an {@link AssistantLauncher} is asked to stop.
 *
 * @param roomUrl the URL of the room the assistant was launched into
 * @param launchKey the launch key of the launch to undo
 * @param webhook the webhook that ended the assistant's meeting
 */
public record StopRequest(String roomUrl, String launchKey, WherebyWebhook webhook) {

}

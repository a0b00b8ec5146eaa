package io.github.wherebytrigger.launch;

import java.util.Map;

import io.github.wherebytrigger.webhook.ClientData;
import io.github.wherebytrigger.webhook.RoomClientLeft;
import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * Which events stop the assistants of their room: a type of
 * {@code whereby.assistant.stop-on}, a {@code room.client.left} that leaves nobody but
 * assistants when {@code whereby.assistant.stop-when-empty} is on, and a host's removal
 * of the assistant (its own {@code room.client.left}, role {@code assistant}).
 */
final class StopPolicy {

	static final String ASSISTANT_ROLE = "assistant";

	private final AssistantProperties properties;

	StopPolicy(AssistantProperties properties) {
		this.properties = properties;
	}

	/**
	 * Whether the webhook ends its room's meeting for the assistants.
	 */
	boolean isStopEvent(WherebyWebhook webhook) {
		if (this.properties.getStopOn().contains(webhook.type())) {
			return true;
		}
		return this.properties.isStopWhenEmpty() && webhook instanceof RoomClientLeft left
				&& onlyAssistantsLeft(left.data());
	}

	/**
	 * Whether the webhook says an assistant left the room: a host removed it (or it left
	 * by itself).
	 */
	static boolean isRemoval(WherebyWebhook webhook) {
		return webhook instanceof RoomClientLeft left && ASSISTANT_ROLE.equals(left.data().roleName());
	}

	private static boolean onlyAssistantsLeft(ClientData data) {
		if (data.numClients() != null && data.numClients() == 0) {
			return true;
		}
		Map<String, Integer> byRole = data.numClientsByRoleName();
		return data.numClients() != null && !byRole.isEmpty()
				&& byRole.entrySet()
					.stream()
					.allMatch((entry) -> entry.getKey().equals(ASSISTANT_ROLE) || entry.getValue() == 0);
	}

}

package io.github.wherebytrigger.webhook;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * {@code room.client.left}: A participant left a room, with the leave button or by
 * closing the tab.
 *
 * @param id unique identifier of the event
 * @param apiVersion version of Whereby's webhook API
 * @param createdAt when Whereby created the event
 * @param data the room and, for client events, the client
 */
@JsonPropertyOrder({ "id", "apiVersion", "createdAt", "type", "data" })
public record RoomClientLeft(String id, @Nullable String apiVersion, @Nullable Instant createdAt,
		ClientData data) implements WherebyWebhook {

	/**
	 * The wire name of this event type.
	 */
	public static final String TYPE = "room.client.left";

	@Override
	@JsonProperty("type")
	public String type() {
		return TYPE;
	}

}

package io.github.wherebytrigger.webhook;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * {@code room.session.ended}: A session ended: fewer than two participants were in the
 * room for a while.
 *
 * @param id unique identifier of the event
 * @param apiVersion version of Whereby's webhook API
 * @param createdAt when Whereby created the event
 * @param data the room and, for client events, the client
 */
@JsonPropertyOrder({ "id", "apiVersion", "createdAt", "type", "data" })
public record RoomSessionEnded(String id, @Nullable String apiVersion, @Nullable Instant createdAt,
		RoomData data) implements WherebyWebhook {

	/**
	 * The wire name of this event type.
	 */
	public static final String TYPE = "room.session.ended";

	@Override
	@JsonProperty("type")
	public String type() {
		return TYPE;
	}

}

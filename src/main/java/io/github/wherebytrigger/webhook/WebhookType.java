package io.github.wherebytrigger.webhook;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event types this service acts on, with the record each one is parsed into. Whereby
 * sends other types too (knocks, transcriptions, recordings); those are acknowledged and
 * ignored.
 */
public enum WebhookType {

	/**
	 * {@code room.client.joined}.
	 */
	ROOM_CLIENT_JOINED(RoomClientJoined.TYPE, RoomClientJoined.class),

	/**
	 * {@code room.client.left}.
	 */
	ROOM_CLIENT_LEFT(RoomClientLeft.TYPE, RoomClientLeft.class),

	/**
	 * {@code room.session.started}.
	 */
	ROOM_SESSION_STARTED(RoomSessionStarted.TYPE, RoomSessionStarted.class),

	/**
	 * {@code room.session.ended}.
	 */
	ROOM_SESSION_ENDED(RoomSessionEnded.TYPE, RoomSessionEnded.class),

	/**
	 * {@code assistant.requested}.
	 */
	ASSISTANT_REQUESTED(AssistantRequested.TYPE, AssistantRequested.class);

	private static final Map<String, WebhookType> BY_WIRE_NAME = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(WebhookType::wireName, Function.identity()));

	private final String wireName;

	private final Class<? extends WherebyWebhook> recordType;

	WebhookType(String wireName, Class<? extends WherebyWebhook> recordType) {
		this.wireName = wireName;
		this.recordType = recordType;
	}

	/**
	 * The type as Whereby spells it on the wire.
	 * @return the wire name, for example {@code room.client.joined}
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * The record a webhook of this type is parsed into.
	 * @return the record type
	 */
	public Class<? extends WherebyWebhook> recordType() {
		return this.recordType;
	}

	/**
	 * Finds the type with the given wire name.
	 * @param wireName the wire name, for example {@code room.client.joined}
	 * @return the type, or empty when this service does not act on it
	 */
	public static Optional<WebhookType> fromWireName(String wireName) {
		return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
	}

	@Override
	public String toString() {
		return this.wireName;
	}

}

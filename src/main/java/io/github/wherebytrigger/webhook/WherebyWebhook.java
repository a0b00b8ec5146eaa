package io.github.wherebytrigger.webhook;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A Whereby webhook event this service acts on: the envelope Whereby sends ({@code id},
 * {@code apiVersion}, {@code createdAt}, {@code type}) and its typed {@code data}.
 * <p>
 * Every accepted webhook is published as a Spring application event with the record as
 * its payload, so a bean can listen to one type with
 * {@code @EventListener void on(RoomClientJoined joined)} or to all with
 * {@code @EventListener void on(WherebyWebhook webhook)}.
 */
public sealed interface WherebyWebhook
		permits RoomClientJoined, RoomClientLeft, RoomSessionStarted, RoomSessionEnded, AssistantRequested {

	/**
	 * Unique identifier of the event; a redelivery carries the same id.
	 * @return the event id
	 */
	String id();

	/**
	 * Version of Whereby's webhook API, {@code "1.0"} today.
	 * @return the API version, or {@code null} when not sent
	 */
	@Nullable String apiVersion();

	/**
	 * When Whereby created the event.
	 * @return the creation instant, or {@code null} when not sent
	 */
	@Nullable Instant createdAt();

	/**
	 * The event type as Whereby spells it, for example {@code room.client.joined}.
	 * @return the event type
	 */
	String type();

	/**
	 * The room the event happened in.
	 * @return the event data
	 */
	InRoomData data();

}

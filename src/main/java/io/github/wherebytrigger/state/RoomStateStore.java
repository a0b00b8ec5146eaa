package io.github.wherebytrigger.state;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Where the service keeps what it knows of events and rooms: the event ids being handled
 * or handled (deduplication), and one record per assistant and room (its claim, launch
 * key and stop markers, see the launch package). {@code whereby.state.store} chooses the
 * implementation: {@code memory}, this process only, or {@code redis}, shared by every
 * replica and kept across restarts.
 * <p>
 * Values are opaque strings to the store; every change is atomic and conditional, so that
 * replicas racing on the same key agree on one winner. Each entry expires after the time
 * it was written with. A store that cannot answer throws
 * {@link StateUnavailableException}, which webhooks answer 503 so that Whereby delivers
 * them again.
 */
public interface RoomStateStore {

	/**
	 * Claims an event id for handling, unless it is claimed or handled already (Redis:
	 * {@code SET NX PX}).
	 * @param eventId the event id
	 * @param claim the value of the claim, unique to this handling
	 * @param lease how long the claim holds if its holder dies
	 * @return whether the id is now claimed with that value
	 */
	boolean claimEvent(String eventId, String claim, Duration lease);

	/**
	 * What is stored for an event id: a claim or the record of its handling.
	 * @param eventId the event id
	 * @return the value, {@code null} when the id is unknown
	 */
	@Nullable String event(String eventId);

	/**
	 * Ends a claim on an event id: replaces it with the record of its handling, or, with
	 * {@code null}, deletes it so that a redelivery can try again. Does nothing when the
	 * id no longer holds that claim.
	 * @param eventId the event id
	 * @param claim the claim to end
	 * @param handled the record of the handling, or {@code null} to release the id
	 * @param retention how long the record is kept
	 * @return whether the claim was still held
	 */
	boolean settleEvent(String eventId, String claim, @Nullable String handled, Duration retention);

	/**
	 * The record of an assistant in a room.
	 * @param room the room key
	 * @return the record, {@code null} when there is none
	 */
	@Nullable String room(String room);

	/**
	 * Replaces the record of a room, only if it is still {@code expected} (compare and
	 * set; {@code null} for none).
	 * @param room the room key
	 * @param expected the record read before, or {@code null} for none
	 * @param update the new record, or {@code null} to delete it
	 * @param ttl how long the new record is kept
	 * @return whether the record was replaced
	 */
	boolean replaceRoom(String room, @Nullable String expected, @Nullable String update, Duration ttl);

	/**
	 * Every room record, for the operator's view and the running-assistants gauge: with
	 * Redis, those of every replica.
	 * @return the records by room key
	 */
	Map<String, String> rooms();

	/**
	 * The kind of store, as {@code whereby.state.store} names it.
	 * @return {@code memory} or {@code redis}
	 */
	String kind();

	/**
	 * Checks that the store answers, for readiness.
	 * @throws StateUnavailableException if it does not
	 */
	void ping();

}

package io.github.wherebytrigger.launch;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.wherebytrigger.launch.RoomRecord.Claim;
import io.github.wherebytrigger.launch.RoomRecord.Ended;

/**
 * The ordering rules of a room, as pure functions of its record and an event: what a
 * launch, a stop or a host's removal of the assistant does. Real handling applies them
 * atomically to the store; the dry run applies them to what it reads, so both decide
 * alike.
 * <ul>
 * <li>The meeting that runs now is the room session: {@code roomSessionId} when Whereby
 * sends one; otherwise the event's creation time tells the meetings apart.</li>
 * <li>A launch for a session that ended is {@link Kind#STALE}: same session id, or, when
 * either id is unknown, created before the end by more than the clock skew. A new
 * session's join after the end launches again, with a new launch key.</li>
 * <li>A stop stops the assistant only if it is for the assistant's session (same id, or,
 * when either is unknown, not created before the launch): a late end of an older session
 * never stops a newer session's assistant.</li>
 * <li>An assistant a host removed is not launched again into that session until an
 * {@code assistant.requested}.</li>
 * </ul>
 */
final class RoomRules {

	private final Duration clockSkew;

	private final Duration launchLease;

	/**
	 * Creates the rules.
	 * @param clockSkew how far apart Whereby's clocks may put the events of one room
	 * @param launchLease how long a launch's claim holds if its holder dies
	 */
	RoomRules(Duration clockSkew, Duration launchLease) {
		this.clockSkew = clockSkew;
		this.launchLease = launchLease;
	}

	/**
	 * What a launch of the assistant for this event would do now.
	 * @param record the room's record, {@code null} when it has none
	 * @param event the event whose triggers fired
	 * @param onePerRoom whether a running assistant keeps the room
	 * @param roomKey the room
	 * @param roomUrl the room URL
	 * @param now this service's clock
	 * @return the decision, with the claim to make when it is {@link Kind#LAUNCH}
	 */
	LaunchDecision decideLaunch(@Nullable RoomRecord record, RoomEvent event, boolean onePerRoom, RoomKey roomKey,
			String roomUrl, Instant clock) {
		// Records keep milliseconds.
		Instant now = clock.truncatedTo(ChronoUnit.MILLIS);
		RoomRecord room = RoomRecord.orEmpty(record);
		if (ended(room, event)) {
			return new LaunchDecision(Kind.STALE, null, room);
		}
		if (removed(room, event)) {
			return new LaunchDecision(Kind.REMOVED, null, room);
		}
		Claim current = room.claim();
		if (onePerRoom && current != null) {
			if (current.launched()) {
				return new LaunchDecision(Kind.ALREADY_RUNNING, current, room);
			}
			if (current.launchingAt(now)) {
				return new LaunchDecision(Kind.LAUNCHING, current, room);
			}
			// Its holder died while launching, which may have started the assistant: take
			// the room with the same launch key, so the launcher can tell it is the same.
			Claim resumed = new Claim(current.launchKey(), current.session(), current.createdAt(), now, roomUrl,
					now.plus(this.launchLease));
			return new LaunchDecision(Kind.LAUNCH, resumed, room.withClaim(resumed));
		}
		String session = event.sessionPart();
		if (!onePerRoom) {
			String key = roomKey + "@" + session + "#" + event.eventId();
			return new LaunchDecision(Kind.LAUNCH,
					new Claim(key, event.session(), event.createdAt(), now, roomUrl, null), room);
		}
		int generation = session.equals(room.lastSession()) ? room.lastGeneration() + 1 : 1;
		Claim claim = new Claim(roomKey + "@" + session + "#" + generation, event.session(), event.createdAt(), now,
				roomUrl, now.plus(this.launchLease));
		RoomRecord claimed = room.withClaim(claim).withLast(session, generation);
		return new LaunchDecision(Kind.LAUNCH, claim, event.assistantRequested() ? claimed.withRemoved(null) : claimed);
	}

	private boolean ended(RoomRecord room, RoomEvent event) {
		for (Ended ended : room.ended()) {
			if (event.session() != null && ended.session() != null) {
				if (event.session().equals(ended.session())) {
					return true;
				}
			}
			else if (event.before(ended.at(), this.clockSkew)) {
				return true;
			}
		}
		return false;
	}

	private static boolean removed(RoomRecord room, RoomEvent event) {
		RoomRecord.Removal removal = room.removed();
		return removal != null && !event.assistantRequested()
				&& (event.session() == null || removal.session() == null || event.session().equals(removal.session()));
	}

	/**
	 * What a stop event does to the assistant of the room.
	 * @param record the room's record, {@code null} when it has none
	 * @param event the stop event
	 * @param now this service's clock
	 * @return the decision and the record after it
	 */
	StopDecision decideStop(@Nullable RoomRecord record, RoomEvent event, Instant now) {
		RoomRecord room = RoomRecord.orEmpty(record);
		Claim claim = room.claim();
		if (claim == null) {
			Claim unsure = unsureOf(room, event);
			String session = (event.session() != null || unsure == null) ? event.session() : unsure.session();
			return new StopDecision(Kind.STOP, unsure,
					room.withUnsure((unsure != null) ? null : room.unsure())
						.withEnded(session, event.createdAt())
						.withRemoved(null));
		}
		if (claim.launchingAt(now)) {
			// Its stop would race the launch: the launch wins; the next stop event (or
			// forget-after) ends it.
			return new StopDecision(Kind.LAUNCHING, claim, room.withEnded(event.session(), event.createdAt()));
		}
		if (!sameSession(claim, event)) {
			RoomRecord after = (event.session() != null) ? room.withEnded(event.session(), event.createdAt()) : room;
			return new StopDecision(Kind.STALE, claim, after);
		}
		String session = (event.session() != null) ? event.session() : claim.session();
		return new StopDecision(Kind.STOP, claim,
				room.withClaim(null).withEnded(session, event.createdAt()).withRemoved(null));
	}

	/**
	 * What a host's removal of the assistant ({@code room.client.left} with role
	 * {@code assistant}) does: stops the assistant of that session and keeps it out of
	 * the session until an {@code assistant.requested}.
	 * @param record the room's record, {@code null} when it has none
	 * @param event the removal
	 * @param now this service's clock
	 * @return {@link Kind#STOP} with the record after it, or {@link Kind#STALE} when no
	 * assistant of that session runs
	 */
	StopDecision decideRemoval(@Nullable RoomRecord record, RoomEvent event, Instant now) {
		RoomRecord room = RoomRecord.orEmpty(record);
		Claim claim = room.claim();
		Claim unsure = (claim == null) ? unsureOf(room, event) : null;
		if (unsure != null) {
			// A host removed what an unsure launch started.
			return new StopDecision(Kind.STOP, unsure,
					room.withUnsure(null)
						.withRemoved(new RoomRecord.Removal(
								(event.session() != null) ? event.session() : unsure.session(), event.createdAt())));
		}
		if (claim == null || !claim.launched() || !sameSession(claim, event)) {
			return new StopDecision(Kind.STALE, claim, room);
		}
		String session = (event.session() != null) ? event.session() : claim.session();
		return new StopDecision(Kind.STOP, claim,
				room.withClaim(null).withRemoved(new RoomRecord.Removal(session, event.createdAt())));
	}

	/**
	 * The room's unsure launch, when it is of the event's session.
	 */
	private static @Nullable Claim unsureOf(RoomRecord room, RoomEvent event) {
		Claim unsure = room.unsure();
		return (unsure != null && sameSession(unsure, event)) ? unsure : null;
	}

	private static boolean sameSession(Claim claim, RoomEvent event) {
		if (claim.session() != null && event.session() != null) {
			return claim.session().equals(event.session());
		}
		return !(event.createdAt() != null && claim.createdAt() != null
				&& event.createdAt().isBefore(claim.createdAt()));
	}

	/**
	 * The record once a launch is done: launched, or released after a failure (its
	 * generation is then used again, so that the redelivery sends the same launch key).
	 * @param record the room's record
	 * @param claim the launch's claim
	 * @param launched whether it launched
	 * @return the record after it, the same when the claim no longer holds the room
	 */
	static @Nullable RoomRecord afterLaunch(@Nullable RoomRecord record, Claim claim, boolean launched) {
		if (record == null || record.claim() == null || !record.claim().launchKey().equals(claim.launchKey())) {
			return record;
		}
		if (launched) {
			RoomRecord after = record.withClaim(claim.asLaunched());
			Claim unsure = record.unsure();
			return (unsure != null && unsure.launchKey().equals(claim.launchKey())) ? after.withUnsure(null) : after;
		}
		return record.withClaim(null)
			.withLast(Objects.requireNonNull(record.lastSession()), record.lastGeneration() - 1);
	}

	/**
	 * The record once a launch's outcome is unknown: released like a failed launch (the
	 * redelivery sends the same launch key), and kept as the room's unsure launch, so
	 * that the stop of its session stops it too, in case the launcher carried it out
	 * late.
	 * @param record the room's record
	 * @param claim the launch's claim
	 * @return the record after it, the same when the claim no longer holds the room
	 */
	static @Nullable RoomRecord afterUnsureLaunch(@Nullable RoomRecord record, Claim claim) {
		RoomRecord released = afterLaunch(record, claim, false);
		return (released == record) ? record : Objects.requireNonNull(released).withUnsure(claim.asLaunched());
	}

	/**
	 * The record once the assistant of that launch key ended on its own.
	 */
	static @Nullable RoomRecord afterEnd(@Nullable RoomRecord record, String launchKey) {
		if (record == null || record.claim() == null || !record.claim().launchKey().equals(launchKey)) {
			return record;
		}
		return record.withClaim(null);
	}

	/**
	 * The kinds of decision.
	 */
	enum Kind {

		/**
		 * Launch (with the claim) or stop the assistant.
		 */
		LAUNCH, STOP,

		/**
		 * The assistant runs in the room already.
		 */
		ALREADY_RUNNING,

		/**
		 * Another handling is launching it right now.
		 */
		LAUNCHING,

		/**
		 * The event belongs to a session that ended (a launch) or to another session (a
		 * stop): nothing to do.
		 */
		STALE,

		/**
		 * A host removed the assistant from this session.
		 */
		REMOVED

	}

	/**
	 * A launch decision.
	 *
	 * @param kind what to do
	 * @param claim the claim to launch with, or the one that holds the room
	 * @param after the record once decided (with the new claim for a launch)
	 */
	record LaunchDecision(Kind kind, @Nullable Claim claim, RoomRecord after) {

	}

	/**
	 * A stop decision.
	 *
	 * @param kind {@link Kind#STOP}, {@link Kind#LAUNCHING} or {@link Kind#STALE}
	 * @param claim the launch to stop, {@code null} when none is known (the launcher is
	 * then asked to stop whatever runs in the room)
	 * @param after the record once decided
	 */
	record StopDecision(Kind kind, @Nullable Claim claim, RoomRecord after) {

	}

}

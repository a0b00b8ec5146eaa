package io.github.wherebytrigger.launch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the store keeps of one assistant in one room: the claim of its current launch, the
 * sessions that ended there, whether a host removed it, and the last launch's session and
 * generation (so that the next launch in the same session gets the next key). Stored in
 * {@link RoomRecordFormat} under the {@link RoomKey}, for
 * {@code whereby.assistant.forget-after} after its last change.
 *
 * @param claim the current launch, {@code null} when none runs
 * @param ended the last sessions that ended, newest last
 * @param removed the session a host removed the assistant from, {@code null} if none
 * @param lastSession the session part of the last launch key
 * @param lastGeneration the generation of the last launch key
 * @param unsure a launch whose outcome is unknown (the launcher timed out or failed after
 * it may have started the assistant), {@code null} if none: the stop of its session stops
 * it too
 */
record RoomRecord(@Nullable Claim claim, List<Ended> ended, @Nullable Removal removed, @Nullable String lastSession,
		int lastGeneration, @Nullable Claim unsure) {

	/**
	 * Ended sessions kept per room: enough for the late redeliveries of a few meetings.
	 */
	static final int MAX_ENDED = 8;

	static final RoomRecord EMPTY = new RoomRecord(null, List.of(), null, null, 0);

	RoomRecord {
		ended = List.copyOf(ended);
	}

	RoomRecord(@Nullable Claim claim, List<Ended> ended, @Nullable Removal removed, @Nullable String lastSession,
			int lastGeneration) {
		this(claim, ended, removed, lastSession, lastGeneration, null);
	}

	static RoomRecord orEmpty(@Nullable RoomRecord record) {
		return (record != null) ? record : EMPTY;
	}

	RoomRecord withClaim(@Nullable Claim claim) {
		return new RoomRecord(claim, this.ended, this.removed, this.lastSession, this.lastGeneration, this.unsure);
	}

	RoomRecord withLast(String session, int generation) {
		return new RoomRecord(this.claim, this.ended, this.removed, session, generation, this.unsure);
	}

	RoomRecord withRemoved(@Nullable Removal removed) {
		return new RoomRecord(this.claim, this.ended, removed, this.lastSession, this.lastGeneration, this.unsure);
	}

	RoomRecord withEnded(@Nullable String session, @Nullable Instant at) {
		List<Ended> ended = new ArrayList<>(this.ended);
		ended.add(new Ended(session, at));
		while (ended.size() > MAX_ENDED) {
			ended.remove(0);
		}
		return new RoomRecord(this.claim, ended, this.removed, this.lastSession, this.lastGeneration, this.unsure);
	}

	RoomRecord withUnsure(@Nullable Claim unsure) {
		return new RoomRecord(this.claim, this.ended, this.removed, this.lastSession, this.lastGeneration, unsure);
	}

	/**
	 * Whether nothing is worth keeping: the record can be deleted.
	 */
	boolean holdsNothing() {
		return this.claim == null && this.ended.isEmpty() && this.removed == null && this.lastSession == null
				&& this.unsure == null;
	}

	/**
	 * A launch into the room.
	 *
	 * @param launchKey its launch key
	 * @param session the session it was launched for, {@code null} when unknown
	 * @param createdAt when Whereby created the event that launched it
	 * @param since when it was claimed, by this service's clock
	 * @param roomUrl the room URL
	 * @param leaseUntil while launching: when the claim is abandoned if its holder died;
	 * {@code null} once launched
	 */
	record Claim(String launchKey, @Nullable String session, @Nullable Instant createdAt, Instant since, String roomUrl,
			@Nullable Instant leaseUntil) {

		boolean launched() {
			return this.leaseUntil == null;
		}

		boolean launchingAt(Instant now) {
			return this.leaseUntil != null && now.isBefore(this.leaseUntil);
		}

		Claim asLaunched() {
			return new Claim(this.launchKey, this.session, this.createdAt, this.since, this.roomUrl, null);
		}

	}

	/**
	 * A session that ended in the room.
	 *
	 * @param session its id, {@code null} when the stop event had none
	 * @param at when Whereby created the stop event
	 */
	record Ended(@Nullable String session, @Nullable Instant at) {

	}

	/**
	 * A host removed the assistant from a session.
	 *
	 * @param session the session, {@code null} when unknown
	 * @param at when Whereby created the event
	 */
	record Removal(@Nullable String session, @Nullable Instant at) {

	}

}

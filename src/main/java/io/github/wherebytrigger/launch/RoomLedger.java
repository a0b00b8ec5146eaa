package io.github.wherebytrigger.launch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.wherebytrigger.state.RoomStateStore;
import io.github.wherebytrigger.system.LogText;

/**
 * The room records in the {@link RoomStateStore}: read them, and change one atomically
 * (read, decide, compare and set, again if another replica changed it in between).
 * Records are stored in {@link RoomRecordFormat}; each change keeps the record for
 * {@code whereby.assistant.forget-after} so that a lost stop cannot hold a room forever.
 */
final class RoomLedger {

	private static final Log logger = LogFactory.getLog(RoomLedger.class);

	private final RoomStateStore store;

	private final Duration forgetAfter;

	RoomLedger(RoomStateStore store, Duration forgetAfter) {
		this.store = store;
		this.forgetAfter = forgetAfter;
	}

	/**
	 * The record of a room.
	 * @param room the room
	 * @return its record, {@code null} when it has none
	 */
	@Nullable RoomRecord read(RoomKey room) {
		return snapshot(room).record();
	}

	/**
	 * The record of a room as stored, for a later {@link #update} that starts from it.
	 * @param room the room
	 * @return the snapshot
	 */
	Snapshot snapshot(RoomKey room) {
		String stored = this.store.room(room.toString());
		return new Snapshot(stored, parse(room.toString(), stored));
	}

	/**
	 * Changes the record of a room atomically.
	 * @param <D> the type of the decision
	 * @param room the room
	 * @param decide the decision from the current record, with the record after it
	 * @param after the record after the decision ({@code null} to delete it)
	 * @return the decision taken on the record that was replaced
	 */
	<D> D update(RoomKey room, Function<@Nullable RoomRecord, D> decide, Function<D, @Nullable RoomRecord> after) {
		return update(room, snapshot(room), decide, after);
	}

	/**
	 * Changes the record of a room atomically by a function of it.
	 * @param room the room
	 * @param change the record after, from the record before
	 */
	void change(RoomKey room, UnaryOperator<@Nullable RoomRecord> change) {
		update(room, (record) -> record, change::apply);
	}

	/**
	 * Changes the record of a room atomically, starting from a snapshot read before (read
	 * again only if the record changed since).
	 * @param <D> the type of the decision
	 * @param room the room
	 * @param snapshot the record as read before
	 * @param decide the decision from the current record, with the record after it
	 * @param after the record after the decision ({@code null} to delete it)
	 * @return the decision taken on the record that was replaced
	 */
	<D> D update(RoomKey room, Snapshot snapshot, Function<@Nullable RoomRecord, D> decide,
			Function<D, @Nullable RoomRecord> after) {
		return updateKeeping(room, snapshot, decide, after).decision();
	}

	/**
	 * Changes the record of a room atomically, like {@link #update}, and keeps the record
	 * as stored after, so that the next change of the same room, when nothing else
	 * changed it, needs no read.
	 * @param <D> the type of the decision
	 * @param room the room
	 * @param snapshot the record as read before
	 * @param decide the decision from the current record, with the record after it
	 * @param after the record after the decision ({@code null} to delete it)
	 * @return the decision and the record after it
	 */
	<D> Updated<D> updateKeeping(RoomKey room, Snapshot snapshot, Function<@Nullable RoomRecord, D> decide,
			Function<D, @Nullable RoomRecord> after) {
		String key = room.toString();
		Snapshot current = snapshot;
		while (true) {
			D decision = decide.apply(current.record());
			RoomRecord next = after.apply(decision);
			String value = (next == null || next.holdsNothing()) ? null : RoomRecordFormat.write(next);
			if (Objects.equals(next, current.record()) || (value == null && current.stored() == null)) {
				return new Updated<>(decision, current);
			}
			if (this.store.replaceRoom(key, current.stored(), value, this.forgetAfter)) {
				return new Updated<>(decision, new Snapshot(value, (value != null) ? next : null));
			}
			current = snapshot(room);
		}
	}

	/**
	 * Every room record the store holds.
	 * @return the records by room key
	 */
	Map<String, RoomRecord> all() {
		Map<String, RoomRecord> records = new LinkedHashMap<>();
		this.store.rooms().forEach((key, value) -> {
			RoomRecord record = parse(key, value);
			if (record != null) {
				records.put(key, record);
			}
		});
		return records;
	}

	private static @Nullable RoomRecord parse(String key, @Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return RoomRecordFormat.read(value);
		}
		catch (IllegalArgumentException ex) {
			// Written by a version that stored another shape: start the room afresh.
			logger.warn("Ignoring the unreadable state of room " + LogText.escape(key) + ": " + ex.getMessage());
			return null;
		}
	}

	/**
	 * A room's record as read: its stored form (for the compare and set) and what it
	 * says.
	 *
	 * @param stored the stored value, {@code null} for none
	 * @param record the record, {@code null} for none or unreadable
	 */
	record Snapshot(@Nullable String stored, @Nullable RoomRecord record) {

	}

	/**
	 * A decision taken on a room's record, and the record as stored after it.
	 *
	 * @param <D> the type of the decision
	 * @param decision the decision
	 * @param after the record after it
	 */
	record Updated<D>(D decision, Snapshot after) {

	}

}

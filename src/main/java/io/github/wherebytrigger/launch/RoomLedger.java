package io.github.wherebytrigger.launch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.github.wherebytrigger.state.RoomStateStore;

/**
 * The room records in the {@link RoomStateStore}: read them, and change one atomically
 * (read, decide, compare and set, again if another replica changed it in between).
 * Records are JSON; each change keeps the record for
 * {@code whereby.assistant.forget-after} so that a lost stop cannot hold a room forever.
 */
final class RoomLedger {

	private static final Log logger = LogFactory.getLog(RoomLedger.class);

	/**
	 * Fields a later version adds are ignored, so that replicas of two versions can share
	 * a store during a rolling update.
	 */
	private static final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

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
		return parse(room.toString(), this.store.room(room.toString()));
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
		String key = room.toString();
		while (true) {
			String current = this.store.room(key);
			RoomRecord record = parse(key, current);
			D decision = decide.apply(record);
			RoomRecord next = after.apply(decision);
			String value = (next == null || next.holdsNothing()) ? null : json.writeValueAsString(next);
			if (Objects.equals(next, record) || (value == null && current == null)) {
				return decision;
			}
			if (this.store.replaceRoom(key, current, value, this.forgetAfter)) {
				return decision;
			}
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
			return json.readValue(value, RoomRecord.class);
		}
		catch (JacksonException ex) {
			// Written by a version that stored another shape: start the room afresh.
			logger.warn("Ignoring the unreadable state of room " + key + ": " + ex.getOriginalMessage());
			return null;
		}
	}

}

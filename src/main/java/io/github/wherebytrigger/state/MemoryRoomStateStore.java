package io.github.wherebytrigger.state;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;

/**
 * The room state of this process only: lost on restart, not shared with other replicas.
 * Event ids are bounded by {@code whereby.state.memory.max-event-ids}, the oldest
 * forgotten first; every entry expires after the time it was written with.
 */
final class MemoryRoomStateStore implements RoomStateStore {

	private final ConcurrentMap<String, Entry> events;

	private final ConcurrentMap<String, Entry> rooms;

	MemoryRoomStateStore(long maxEventIds) {
		this.events = Caffeine.newBuilder()
			.maximumSize(maxEventIds)
			.expireAfter(Expiry.writing((String key, Entry entry) -> entry.ttl()))
			// Maintenance on the calling thread: cheaper than a hop to the common pool.
			.executor(Runnable::run)
			.<String, Entry>build()
			.asMap();
		this.rooms = Caffeine.newBuilder()
			.expireAfter(Expiry.writing((String key, Entry entry) -> entry.ttl()))
			.executor(Runnable::run)
			.<String, Entry>build()
			.asMap();
	}

	@Override
	public boolean claimEvent(String eventId, String claim, Duration lease) {
		return this.events.putIfAbsent(eventId, new Entry(claim, lease)) == null;
	}

	@Override
	public @Nullable String event(String eventId) {
		return value(this.events.get(eventId));
	}

	@Override
	public boolean settleEvent(String eventId, String claim, @Nullable String handled, Duration retention) {
		return compareAndSet(this.events, eventId, claim, handled, retention);
	}

	@Override
	public @Nullable String room(String room) {
		return value(this.rooms.get(room));
	}

	@Override
	public boolean replaceRoom(String room, @Nullable String expected, @Nullable String update, Duration ttl) {
		return compareAndSet(this.rooms, room, expected, update, ttl);
	}

	@Override
	public Map<String, String> rooms() {
		Map<String, String> rooms = new LinkedHashMap<>();
		this.rooms.forEach((key, entry) -> rooms.put(key, entry.value()));
		return rooms;
	}

	@Override
	public String kind() {
		return "memory";
	}

	@Override
	public void ping() {
	}

	private static boolean compareAndSet(ConcurrentMap<String, Entry> map, String key, @Nullable String expected,
			@Nullable String update, Duration ttl) {
		boolean[] replaced = new boolean[1];
		map.compute(key, (k, current) -> {
			if (!Objects.equals(value(current), expected)) {
				return current;
			}
			replaced[0] = true;
			return (update != null) ? new Entry(update, ttl) : null;
		});
		return replaced[0];
	}

	private static @Nullable String value(@Nullable Entry entry) {
		return (entry != null) ? entry.value() : null;
	}

	/**
	 * A value and how long it lives from its last write.
	 */
	private record Entry(String value, Duration ttl) {

	}

}

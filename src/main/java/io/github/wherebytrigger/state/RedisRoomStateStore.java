package io.github.wherebytrigger.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The room state in Redis, shared by every replica and kept across restarts. Keys are
 * {@code <key-prefix>event:<id>} and {@code <key-prefix>room:<room key>}; each is written
 * with its expiry ({@code PX}). A claim is {@code SET NX PX}; every other change is one
 * compare-and-set script, so that it is atomic without a transaction.
 */
final class RedisRoomStateStore implements RoomStateStore {

	/**
	 * Replaces {@code KEYS[1]} with {@code ARGV[2]} (deletes it when empty) for
	 * {@code ARGV[3]} milliseconds, only if it holds {@code ARGV[1]} (empty: absent).
	 */
	private static final RedisScript<Long> COMPARE_AND_SET = RedisScript.of("""
			local current = redis.call('GET', KEYS[1]) or ''
			if current ~= ARGV[1] then return 0 end
			if ARGV[2] == '' then redis.call('DEL', KEYS[1])
			else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final String eventPrefix;

	private final String roomPrefix;

	RedisRoomStateStore(StringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.eventPrefix = keyPrefix + "event:";
		this.roomPrefix = keyPrefix + "room:";
	}

	@Override
	public boolean claimEvent(String eventId, String claim, Duration lease) {
		return call("claim an event id", () -> Boolean.TRUE
			.equals(this.redis.opsForValue().setIfAbsent(this.eventPrefix + eventId, claim, lease)));
	}

	@Override
	public @Nullable String event(String eventId) {
		return call("read an event id", () -> this.redis.opsForValue().get(this.eventPrefix + eventId));
	}

	@Override
	public boolean settleEvent(String eventId, String claim, @Nullable String handled, Duration retention) {
		return compareAndSet(this.eventPrefix + eventId, claim, handled, retention);
	}

	@Override
	public @Nullable String room(String room) {
		return call("read a room", () -> this.redis.opsForValue().get(this.roomPrefix + room));
	}

	@Override
	public boolean replaceRoom(String room, @Nullable String expected, @Nullable String update, Duration ttl) {
		return compareAndSet(this.roomPrefix + room, expected, update, ttl);
	}

	@Override
	public Map<String, String> rooms() {
		return call("list the rooms", () -> {
			List<String> keys = new ArrayList<>();
			try (Cursor<String> cursor = this.redis
				.scan(ScanOptions.scanOptions().match(this.roomPrefix + "*").count(1000).build())) {
				cursor.forEachRemaining(keys::add);
			}
			Map<String, String> rooms = new LinkedHashMap<>();
			if (keys.isEmpty()) {
				return rooms;
			}
			List<String> values = this.redis.opsForValue().multiGet(keys);
			for (int i = 0; i < keys.size(); i++) {
				String value = (values != null) ? values.get(i) : null;
				if (value != null) {
					rooms.put(keys.get(i).substring(this.roomPrefix.length()), value);
				}
			}
			return rooms;
		});
	}

	@Override
	public String kind() {
		return "redis";
	}

	@Override
	public void ping() {
		call("answer a ping", () -> this.redis.execute(RedisConnection::ping));
	}

	private boolean compareAndSet(String key, @Nullable String expected, @Nullable String update, Duration ttl) {
		Long replaced = call("update its state", () -> this.redis.execute(COMPARE_AND_SET, List.of(key),
				(expected != null) ? expected : "", (update != null) ? update : "", String.valueOf(ttl.toMillis())));
		return replaced != null && replaced == 1L;
	}

	private static <T> T call(String what, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (DataAccessException ex) {
			throw new StateUnavailableException("Redis did not " + what + ": " + ex.getClass().getSimpleName(), ex);
		}
	}

}

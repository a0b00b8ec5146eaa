package io.github.wherebytrigger.state;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.wherebytrigger.testsupport.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RedisRoomStateStore} against a real Redis (see {@link TestRedis}: in
 * CI an image built by {@code .ci/run}; skipped, saying why, where there is none, and
 * {@link MemoryRoomStateStoreTests} checks the same contract).
 */
class RedisRoomStateStoreTests extends RoomStateStoreContract {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	private RoomStateStore store;

	@BeforeEach
	void emptyRedis() {
		redis.flushAll();
		this.store = RoomStateStores.redis(redis.url(), "test:");
	}

	@Override
	RoomStateStore store() {
		return this.store;
	}

	@Test
	void keysShouldCarryThePrefixSoInstallationsCanShareARedis() {
		RoomStateStore other = RoomStateStores.redis(redis.url(), "other:");
		this.store.replaceRoom("default:acme/standup", null, "mine", java.time.Duration.ofMinutes(1));
		assertThat(other.room("default:acme/standup")).isNull();
		assertThat(other.rooms()).isEmpty();
		assertThat(RoomStateStores.template(redis.url()).opsForValue().get("test:room:default:acme/standup"))
			.isEqualTo("mine");
	}

	@Test
	void whenRedisCannotBeReachedShouldThrowStateUnavailable() {
		RoomStateStore unreachable = RoomStateStores.redis("redis://127.0.0.1:1", "test:");
		assertThatExceptionOfType(StateUnavailableException.class).isThrownBy(() -> unreachable.event("evt-1"))
			.withMessageStartingWith("Redis did not read an event id");
		assertThatExceptionOfType(StateUnavailableException.class).isThrownBy(unreachable::ping);
	}

}

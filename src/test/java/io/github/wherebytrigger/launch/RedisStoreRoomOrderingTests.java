package io.github.wherebytrigger.launch;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.wherebytrigger.state.RoomStateStore;
import io.github.wherebytrigger.state.RoomStateStores;
import io.github.wherebytrigger.testsupport.TestRedis;

/**
 * The room ordering rules with the Redis store, against a real Redis (skipped, saying
 * why, where there is none; {@link MemoryStoreRoomOrderingTests} runs the same cases).
 */
class RedisStoreRoomOrderingTests extends RoomOrderingContract {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	@Override
	RoomStateStore newStore() {
		redis.flushAll();
		return RoomStateStores.redis(redis.url(), "ordering:");
	}

}

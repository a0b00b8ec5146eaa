package io.github.wherebytrigger.webhook;

import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * The JSON factory of the webhook endpoint's own mappers (the wire format must not change
 * with the application's Jackson settings).
 * <p>
 * Its buffers are recycled per thread: Jackson 3's default pool, a concurrent deque
 * shared by every thread, was about 5% of a webhook's handling in the benchmark's
 * profiles, from 32 request threads contending on it. Request threads are platform
 * threads that live long; with virtual threads the buffers are simply not reused.
 */
final class WireJson {

	private WireJson() {
	}

	static JsonFactory factory() {
		return JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build();
	}

}

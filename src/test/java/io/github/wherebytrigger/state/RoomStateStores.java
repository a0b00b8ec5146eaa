package io.github.wherebytrigger.state;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The stores as tests outside this package build them.
 */
public final class RoomStateStores {

	private static final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private RoomStateStores() {
	}

	/**
	 * A memory store.
	 * @return the store
	 */
	public static RoomStateStore memory() {
		return new MemoryRoomStateStore(10_000);
	}

	/**
	 * A Redis store.
	 * @param url the Redis URL, {@code redis://host:port}
	 * @param keyPrefix the prefix of its keys
	 * @return the store
	 */
	public static RoomStateStore redis(String url, String keyPrefix) {
		return new RedisRoomStateStore(template(url), keyPrefix);
	}

	static synchronized StringRedisTemplate template(String url) {
		URI uri = URI.create(url);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
		factory.afterPropertiesSet();
		factory.start();
		factories.add(factory);
		return new StringRedisTemplate(factory);
	}

}

package io.github.wherebytrigger.testsupport;

import java.time.Duration;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TestRedis} gives a working Redis 7: what is stored can be read back, and
 * {@link TestRedis#flushAll()} empties it.
 */
class TestRedisTests {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	@BeforeEach
	void connect() {
		this.client = RedisClient.create(redis.url());
		this.connection = this.client.connect();
	}

	@AfterEach
	void disconnect() {
		this.connection.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

	@Test
	void storesAndReadsBackAKey() {
		RedisCommands<String, String> commands = this.connection.sync();
		String key = "room:" + UUID.randomUUID();
		assertThat(commands.set(key, "occupied")).isEqualTo("OK");
		assertThat(commands.get(key)).isEqualTo("occupied");
	}

	@Test
	void flushAllEmptiesIt() {
		RedisCommands<String, String> commands = this.connection.sync();
		String key = "room:" + UUID.randomUUID();
		commands.set(key, "occupied");
		redis.flushAll();
		assertThat(commands.get(key)).isNull();
		assertThat(commands.dbsize()).isZero();
	}

	@Test
	void isRedis7OrLater() {
		String version = this.connection.sync()
			.info("server")
			.lines()
			.filter((line) -> line.startsWith("redis_version:"))
			.findFirst()
			.orElseThrow()
			.substring("redis_version:".length())
			.strip();
		assertThat(Integer.parseInt(version.substring(0, version.indexOf('.')))).as("major version of %s", version)
			.isGreaterThanOrEqualTo(7);
	}

	@Test
	void urlNamesHostAndPort() {
		assertThat(redis.url()).startsWith("redis://").contains(redis.host() + ":" + redis.port());
	}

}

package io.github.wherebytrigger.state;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisAutoConfigurationSwitch}: Redis's auto-configuration only with
 * the Redis store, and always while Spring AOT records the bean set at build time.
 */
class RedisAutoConfigurationSwitchTests {

	private static final String REDIS = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration";

	@Test
	void memoryStoreLeavesRedisOutAndKeepsTheUsersExclusions() {
		StandardEnvironment environment = environment(
				Map.of("spring.autoconfigure.exclude", "com.example.SomeAutoConfiguration"));
		assertThat(environment.getProperty("spring.autoconfigure.exclude")).contains(REDIS)
			.startsWith("com.example.SomeAutoConfiguration,");
	}

	@Test
	void redisStoreKeepsRedis() {
		StandardEnvironment environment = environment(Map.of("whereby.state.store", "Redis"));
		assertThat(environment.getProperty("spring.autoconfigure.exclude")).isNull();
	}

	@Test
	void springAotProcessingKeepsRedisSoThatTheStoreStaysARunTimeChoice() {
		System.setProperty("spring.aot.processing", "true");
		try {
			assertThat(environment(Map.of()).getProperty("spring.autoconfigure.exclude")).isNull();
		}
		finally {
			System.clearProperty("spring.aot.processing");
		}
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new RedisAutoConfigurationSwitch().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}

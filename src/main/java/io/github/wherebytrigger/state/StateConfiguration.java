package io.github.wherebytrigger.state;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The room-state store chosen by {@code whereby.state.store}, and its health (part of
 * readiness: a replica that cannot reach its store must not receive webhooks).
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@EnableConfigurationProperties(StateProperties.class)
public class StateConfiguration {

	@Bean
	@ConditionalOnProperty(name = "whereby.state.store", havingValue = "memory", matchIfMissing = true)
	RoomStateStore memoryRoomStateStore(StateProperties properties) {
		return new MemoryRoomStateStore(properties.getMemory().getMaxEventIds());
	}

	@Bean
	@ConditionalOnProperty(name = "whereby.state.store", havingValue = "redis")
	RoomStateStore redisRoomStateStore(StringRedisTemplate redis, StateProperties properties) {
		return new RedisRoomStateStore(redis, properties.getKeyPrefix());
	}

	@Bean
	HealthIndicator roomStateHealthIndicator(RoomStateStore store) {
		return () -> {
			try {
				store.ping();
				return Health.up().withDetail("store", store.kind()).build();
			}
			catch (StateUnavailableException ex) {
				return Health.down().withDetail("store", store.kind()).withDetail("error", ex.getMessage()).build();
			}
		};
	}

}

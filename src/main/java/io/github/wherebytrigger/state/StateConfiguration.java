package io.github.wherebytrigger.state;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
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

	/**
	 * The store, chosen when the context starts rather than by a condition: with Spring
	 * AOT the bean set is fixed at build time, and the store stays a run-time choice.
	 */
	@Bean
	RoomStateStore roomStateStore(StateProperties properties, ObjectProvider<StringRedisTemplate> redis) {
		return switch (properties.getStore()) {
			case MEMORY -> new MemoryRoomStateStore(properties.getMemory().getMaxEventIds());
			case REDIS -> new RedisRoomStateStore(redis.getObject(), properties.getKeyPrefix());
		};
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

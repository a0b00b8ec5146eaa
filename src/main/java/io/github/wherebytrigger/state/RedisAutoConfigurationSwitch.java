package io.github.wherebytrigger.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Leaves Spring Boot's Redis auto-configuration out unless {@code whereby.state.store} is
 * {@code redis}: with the memory store there is no Redis to connect to, and its health
 * indicator would report the service DOWN, while its client would cost start-up time and
 * threads for nothing. Exclusions the user configured are kept.
 * <p>
 * Not while Spring AOT processes the application at build time: the bean set it records
 * then serves every start, so it keeps Redis, and the store remains a run-time choice.
 * With the memory store, Redis's beans are then created but never connect, and its health
 * indicator is off by default ({@code management.health.redis.enabled}): the store's own
 * indicator reports the connection.
 */
class RedisAutoConfigurationSwitch implements EnvironmentPostProcessor {

	private static final String EXCLUDE = "spring.autoconfigure.exclude";

	private static final List<String> REDIS_AUTO_CONFIGURATIONS = List.of(
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			return;
		}
		String store = environment.getProperty("whereby.state.store", "memory");
		if (store.trim().toLowerCase(Locale.ROOT).equals("redis")) {
			return;
		}
		List<String> excluded = new ArrayList<>(
				Binder.get(environment).bind(EXCLUDE, Bindable.listOf(String.class)).orElse(List.of()));
		excluded.addAll(REDIS_AUTO_CONFIGURATIONS);
		environment.getPropertySources()
			.addFirst(new MapPropertySource("wherebyStateStore", Map.of(EXCLUDE, String.join(",", excluded))));
	}

}

package io.github.wherebytrigger.system;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The clock every time check uses (replaceable in tests) and service-wide settings.
 */
@AutoConfiguration
@EnableConfigurationProperties(WherebyProperties.class)
public class SystemConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}

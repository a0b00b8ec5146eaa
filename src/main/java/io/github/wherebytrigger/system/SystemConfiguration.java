package io.github.wherebytrigger.system;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The clock every time check uses, replaceable by a bean of your own (tests use a fixed
 * one).
 */
@AutoConfiguration
public class SystemConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}

package io.github.wherebytrigger.system;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The clock every time check uses, replaceable by a bean of your own (tests use a fixed
 * one), and problem details for the servlet container's errors.
 */
@AutoConfiguration
public class SystemConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Problem details for the container's error dispatches; routed before Boot's error
	 * controller.
	 */
	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	RouterFunction<ServerResponse> problemDetailErrorRoutes(@Value("${server.error.path:/error}") String errorPath) {
		return ProblemDetailErrors.routes(errorPath);
	}

}

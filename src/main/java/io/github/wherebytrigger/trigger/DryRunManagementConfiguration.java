package io.github.wherebytrigger.trigger;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link DryRunBodyFilter} where Actuator runs: in the application's server, or
 * in the management server when {@code management.server.port} is set.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class DryRunManagementConfiguration {

	@Bean
	FilterRegistrationBean<DryRunBodyFilter> dryRunBodyFilter(ObjectProvider<WebEndpointProperties> properties) {
		String basePath = properties.getIfAvailable(WebEndpointProperties::new).getBasePath();
		FilterRegistrationBean<DryRunBodyFilter> registration = new FilterRegistrationBean<>(
				new DryRunBodyFilter(basePath + "/triggers"));
		registration.addUrlPatterns("/*");
		return registration;
	}

}

package io.github.wherebytrigger.config;

import java.util.List;

import org.springframework.boot.context.properties.source.ConfigurationProperty;

/**
 * Thrown at start-up when {@code whereby.*} properties bind to nothing (see
 * {@link UnknownPropertiesCheck}).
 */
class UnknownPropertiesException extends IllegalStateException {

	private final List<ConfigurationProperty> properties;

	UnknownPropertiesException(List<ConfigurationProperty> properties) {
		super("Unknown configuration properties: "
				+ properties.stream().map((property) -> property.getName().toString()).toList());
		this.properties = List.copyOf(properties);
	}

	List<ConfigurationProperty> properties() {
		return this.properties;
	}

}

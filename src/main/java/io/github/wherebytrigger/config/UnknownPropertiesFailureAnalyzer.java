package io.github.wherebytrigger.config;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;

import io.github.wherebytrigger.system.WherebyProperties;
import io.github.wherebytrigger.trigger.TriggerProperties;

/**
 * Prints unknown {@code whereby.*} properties in Spring Boot's "APPLICATION FAILED TO
 * START" block: each with where it was set and the closest valid name, taken from the
 * configuration metadata the build generates.
 */
class UnknownPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<UnknownPropertiesException> {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownPropertiesException cause) {
		List<String> valid = validNames();
		StringBuilder description = new StringBuilder("Configuration properties that this service does not know:");
		for (ConfigurationProperty property : cause.properties()) {
			String name = property.getName().toString();
			description.append("\n  - ").append(name);
			Origin origin = property.getOrigin();
			if (origin != null) {
				description.append(" (").append(origin).append(")");
			}
			String closest = closest(name, candidates(name, valid));
			if (closest != null) {
				description.append(": did you mean ").append(closest).append("?");
			}
		}
		return new FailureAnalysis(description.toString(),
				"Correct or remove them. Every property is listed in docs/configuration.md "
						+ "(environment variables are not checked).",
				cause);
	}

	/**
	 * The valid names to compare an unknown one with: the documented ones, and for the
	 * maps of rules and assistants, their fields under the entry the unknown name uses.
	 */
	static List<String> candidates(String unknown, List<String> valid) {
		List<String> candidates = new ArrayList<>(valid);
		String[] segments = unknown.split("\\.");
		if (segments.length >= 5) {
			// whereby.<x>.<y>.<entry>.<field>: a rule of whereby.triggers.rules.
			for (String field : fields(TriggerProperties.Rule.class)) {
				candidates.add("whereby.triggers.rules." + segments[3] + "." + field);
			}
		}
		if (segments.length >= 4) {
			// whereby.<x>.<entry>.<field>: an assistant of whereby.assistants.
			for (String field : fields(WherebyProperties.Assistant.class)) {
				candidates.add("whereby.assistants." + segments[2] + "." + field);
			}
			for (String name : valid) {
				if (name.startsWith("whereby.launcher.command.") || name.startsWith("whereby.launcher.http.")
						|| name.startsWith("whereby.launcher.kubernetes.")) {
					candidates.add("whereby.assistants." + segments[2] + name.substring("whereby.launcher".length()));
				}
			}
		}
		return candidates;
	}

	/**
	 * The candidate closest to the unknown name, if it is close enough to be a typo.
	 */
	static @Nullable String closest(String unknown, List<String> candidates) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : candidates) {
			int distance = distance(unknown, candidate);
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return (bestDistance <= Math.max(2, unknown.length() / 8)) ? best : null;
	}

	private static List<String> fields(Class<?> type) {
		List<String> fields = new ArrayList<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getWriteMethod() != null) {
				fields.add(DataObjectPropertyName.toDashedForm(descriptor.getName()));
			}
		}
		return fields;
	}

	private static List<String> validNames() {
		Set<String> names = new LinkedHashSet<>();
		JsonMapper json = JsonMapper.builder().build();
		try {
			Enumeration<URL> resources = UnknownPropertiesFailureAnalyzer.class.getClassLoader().getResources(METADATA);
			while (resources.hasMoreElements()) {
				try (InputStream input = resources.nextElement().openStream()) {
					for (JsonNode property : json.readTree(input).path("properties")) {
						String name = property.path("name").asString();
						if (name.startsWith("whereby.")) {
							names.add(name);
						}
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Without metadata, no suggestions.
		}
		return new ArrayList<>(names);
	}

	/**
	 * The Levenshtein distance.
	 */
	private static int distance(String one, String other) {
		int[] previous = new int[other.length() + 1];
		int[] current = new int[other.length() + 1];
		for (int j = 0; j <= other.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= one.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= other.length(); j++) {
				int substitution = previous[j - 1] + ((one.charAt(i - 1) == other.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[other.length()];
	}

}

package io.github.wherebytrigger.config;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/configuration.md} true: every {@code whereby.*} property of the
 * configuration metadata the build generates is in its table, and every {@code whereby.*}
 * property in the table exists.
 */
class ConfigurationReferenceTests {

	private static final Path REFERENCE = Path.of("docs/configuration.md");

	/**
	 * A table row's first column: {@code `name`}, or {@code `name` / `.other`} for a
	 * sibling.
	 */
	private static final Pattern ROW = Pattern.compile("^\\| (`[^|]+`) \\|", Pattern.MULTILINE);

	private static final Pattern NAME = Pattern.compile("`([^`]+)`");

	@Test
	void everyPropertyOfTheMetadataIsDocumented() throws Exception {
		Set<String> documented = documented();
		assertThat(metadata()).allSatisfy((property) -> assertThat(documented).as("%s lists %s", REFERENCE, property)
			.anySatisfy((name) -> assertThat(covers(name, property)).isTrue()));
	}

	@Test
	void everyDocumentedPropertyExists() throws Exception {
		Set<String> metadata = metadata();
		assertThat(documented()).filteredOn((name) -> name.startsWith("whereby."))
			.allSatisfy((name) -> assertThat(metadata).as("the metadata has %s, as %s says", name, REFERENCE)
				.anySatisfy((property) -> assertThat(covers(name, property)).isTrue()));
	}

	/**
	 * Whether a documented name stands for a property of the metadata: the same, or for
	 * {@code root.<name>.field} a map property {@code root}.
	 */
	private static boolean covers(String documented, String property) {
		int placeholder = documented.indexOf(".<");
		return (placeholder < 0) ? documented.equals(property) : documented.substring(0, placeholder).equals(property);
	}

	private static Set<String> documented() throws Exception {
		Set<String> names = new LinkedHashSet<>();
		Matcher rows = ROW.matcher(Files.readString(REFERENCE));
		while (rows.find()) {
			String first = null;
			Matcher name = NAME.matcher(rows.group(1));
			while (name.find()) {
				String value = name.group(1);
				if (first != null && value.startsWith(".")) {
					value = first.substring(0, first.lastIndexOf('.')) + value;
				}
				else {
					first = value;
				}
				names.add(value);
			}
		}
		assertThat(names).as("property names in the table of %s", REFERENCE).hasSizeGreaterThan(40);
		return names;
	}

	private static Set<String> metadata() throws Exception {
		Set<String> names = new LinkedHashSet<>();
		List<JsonNode> properties = new ArrayList<>();
		try (InputStream input = ConfigurationReferenceTests.class.getClassLoader()
			.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			assertThat(input).as("the configuration metadata of the build").isNotNull();
			JsonMapper.builder().build().readTree(input).path("properties").forEach(properties::add);
		}
		for (JsonNode property : properties) {
			String name = property.path("name").asString();
			if (name.startsWith("whereby.") && !property.path("deprecated").asBoolean(false)) {
				names.add(name);
			}
		}
		return names;
	}

}

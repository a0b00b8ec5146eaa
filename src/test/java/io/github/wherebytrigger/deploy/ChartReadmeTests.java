package io.github.wherebytrigger.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the chart's README true: every value of {@code values.yaml} is in its table (or
 * under a row of its parent), and every row names a value that exists. Needs no Helm.
 */
class ChartReadmeTests {

	private static final Path CHART = Path.of("helm/whereby-trigger");

	private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);

	@Test
	void everyValueIsDocumentedAndEveryRowExists() throws Exception {
		Map<String, Object> values = new Yaml().load(Files.readString(CHART.resolve("values.yaml")));
		List<String> rows = new ArrayList<>();
		Matcher row = ROW.matcher(Files.readString(CHART.resolve("README.md")));
		while (row.find()) {
			rows.add(row.group(1));
		}
		assertThat(rows).as("rows of the values table").hasSizeGreaterThan(50).doesNotHaveDuplicates();
		List<String> leaves = new ArrayList<>();
		collectLeaves(values, "", leaves);
		assertThat(leaves).allSatisfy((leaf) -> assertThat(rows).as("the README documents %s", leaf)
			.anySatisfy(
					(documented) -> assertThat(leaf.equals(documented) || leaf.startsWith(documented + ".")).isTrue()));
		assertThat(rows).allSatisfy(
				(documented) -> assertThat(exists(values, documented)).as("values.yaml has %s", documented).isTrue());
	}

	@SuppressWarnings("unchecked")
	private static void collectLeaves(Map<String, Object> values, String prefix, List<String> leaves) {
		values.forEach((key, value) -> {
			String path = prefix.isEmpty() ? key : prefix + "." + key;
			if (value instanceof Map<?, ?> map && !map.isEmpty()) {
				collectLeaves((Map<String, Object>) map, path, leaves);
			}
			else {
				leaves.add(path);
			}
		});
	}

	/**
	 * Whether a documented path exists; {@code key[]} stands for the items of a list.
	 */
	private static boolean exists(Map<?, ?> values, String path) {
		Object current = values;
		for (String key : path.split("\\.")) {
			boolean items = key.endsWith("[]");
			String name = items ? key.substring(0, key.length() - 2) : key;
			if (!(current instanceof Map<?, ?> map) || !map.containsKey(name)) {
				return false;
			}
			current = map.get(name);
			if (items) {
				if (!(current instanceof List<?> list) || list.isEmpty()) {
					return false;
				}
				current = list.get(0);
			}
		}
		return true;
	}

}

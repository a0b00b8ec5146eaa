package io.github.wherebytrigger.webhook;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WebhookParser#parseUtcInstant}: wherever it answers, it answers what
 * {@link Instant#parse} answers; where it does not, {@code Instant.parse} decides.
 */
class UtcInstantParsingTests {

	@ParameterizedTest
	@MethodSource("generatedInstants")
	void readsWherebysShapeAsInstantParseDoes(String text) {
		assertThat(WebhookParser.parseUtcInstant(text)).isEqualTo(Instant.parse(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-20T10:47:12Z", "2026-11-20T10:47:12.3Z", "2026-11-20T10:47:12.345Z",
			"2026-11-20T10:47:12.123456789Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
			"2024-02-29T12:00:00.5Z", "1970-01-01T00:00:00.000Z" })
	void readsEdgesAsInstantParseDoes(String text) {
		assertThat(WebhookParser.parseUtcInstant(text)).isEqualTo(Instant.parse(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-20T10:47:12+01:00", "2026-11-20T10:47:12.Z", "2026-11-20 10:47:12Z",
			"2026-11-20T10:47:12z", "2026-11-20t10:47:12Z", "+12026-11-20T10:47:12Z", "2026-11-20T10:47:12.1234567890Z",
			"2026-11-20T10:47Z", "2026-13-20T10:47:12Z", "2026-02-30T10:47:12Z", "2026-11-20T24:00:00Z",
			"2026-11-20T23:59:60Z", "2026-1a-20T10:47:12Z", "2026-11-20T10:47:12.12a4Z", "-026-11-20T10:47:12Z",
			"2026-11-20T10:47:12.-12Z", "" })
	void leavesEveryOtherShapeToInstantParse(String text) {
		assertThat(WebhookParser.parseUtcInstant(text)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-13-20T10:47:12Z", "2026-02-30T10:47:12Z", "2026-11-20T10:47:12.12a4Z" })
	void whatItLeavesOutInstantParseRefuses(String text) {
		// Invalid dates are left to Instant.parse, which refuses them.
		assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> Instant.parse(text));
	}

	static List<String> generatedInstants() {
		SplittableRandom random = new SplittableRandom(20261127);
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_402_300_799L),
					random.nextInt(1_000_000_000));
			String text = instant.toString();
			// Instant.toString writes 0, 3, 6 or 9 digits of fraction; vary it.
			int digits = random.nextInt(10);
			int dot = text.indexOf('.');
			String base = (dot > 0) ? text.substring(0, dot) : text.substring(0, text.length() - 1);
			String nanos = String.format("%09d", instant.getNano());
			texts.add(base + ((digits > 0) ? "." + nanos.substring(0, digits) : "") + "Z");
		}
		return texts;
	}

}

package io.github.wherebytrigger.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogText}.
 */
class LogTextTests {

	@Test
	void plainAndUnicodeTextShouldStayAsItIs() {
		String text = "acme/café-会議 evt-1";
		assertThat(LogText.escape(text)).isSameAs(text);
	}

	@Test
	void lineBreaksShouldNotForgeALogLine() {
		assertThat(LogText.escape("evt-1\n2026-12-01 INFO Launched assistant 'admin'"))
			.isEqualTo("evt-1\\u000A2026-12-01 INFO Launched assistant 'admin'")
			.doesNotContain("\n");
		assertThat(LogText.escape("a\r\tb")).isEqualTo("a\\u000D\\u0009b");
	}

	@Test
	void nulEscapeSequencesAndDirectionOverridesShouldBeEscaped() {
		assertThat(LogText.escape("room\u0000")).isEqualTo("room\\u0000");
		assertThat(LogText.escape("\u001b[31mred")).isEqualTo("\\u001B[31mred");
		assertThat(LogText.escape("/invoice-\u202Efdp.exe")).isEqualTo("/invoice-\\u202Efdp.exe");
		assertThat(LogText.escape("\u2066x\u2069\u200f\u0085")).isEqualTo("\\u2066x\\u2069\\u200F\\u0085");
	}

	@Test
	void nullShouldReadNull() {
		assertThat(LogText.escape(null)).isEqualTo("null");
	}

}

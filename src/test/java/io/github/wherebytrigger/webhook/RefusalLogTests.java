package io.github.wherebytrigger.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RefusalLog}.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusalLogTests {

	@Test
	void aFloodOfRefusalsLogsOnlyTheFirstOnesOfTheWindow(CapturedOutput output) {
		RefusalLog log = new RefusalLog();
		for (int i = 0; i < 100; i++) {
			log.refused("unauthorized", "signature mismatch: forged " + i, System.nanoTime());
		}
		assertThat(output.getOut().lines().filter((line) -> line.contains("Webhook refused: unauthorized")))
			.hasSize(RefusalLog.BURST);
		assertThat(output).contains("(signature mismatch: forged 0)").doesNotContain("forged " + RefusalLog.BURST);
		log.refused("too-large", "the body is larger than 65536 bytes", System.nanoTime());
		assertThat(output).as("another outcome has a window of its own").contains("Webhook refused: too-large");
	}

	@Test
	void reasonsAreEscaped(CapturedOutput output) {
		new RefusalLog().refused("invalid", "room\nINFO forged line\u202e", System.nanoTime());
		assertThat(output.getOut().lines().filter((line) -> line.contains("forged line"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("Webhook refused: invalid").doesNotContain("\u202e"));
	}

}

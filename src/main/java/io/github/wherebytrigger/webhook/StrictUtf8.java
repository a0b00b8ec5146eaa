package io.github.wherebytrigger.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The UTF-8 checks of {@link WebhookParser}: a webhook body is strict UTF-8, without the
 * encodings Jackson would let through or guess.
 */
final class StrictUtf8 {

	private StrictUtf8() {
	}

	/**
	 * Whether every byte is ASCII but NUL: then the body is valid UTF-8 as it is, and
	 * Jackson, which guesses UTF-16 and UTF-32 from zero bytes, reads it as UTF-8.
	 */
	static boolean isPlainAscii(byte[] body) {
		for (byte b : body) {
			if (b <= 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Decodes the body as UTF-8, refusing what Jackson would let through: overlong
	 * encodings and code points past U+10FFFF.
	 */
	static String decode(byte[] body) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidWebhookException("Request body is not valid JSON: it is not valid UTF-8");
		}
	}

}

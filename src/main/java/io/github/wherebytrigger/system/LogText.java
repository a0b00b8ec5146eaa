package io.github.wherebytrigger.system;

import org.jspecify.annotations.Nullable;

/**
 * Text from a webhook (event ids, types, room names) made safe for a log line: control
 * characters (line breaks that would forge a line, NUL, escape sequences) and the
 * invisible direction marks that reorder what a reader sees (U+202E and friends) become
 * {@code \\uXXXX}. Anything else, Unicode room names included, stays as it is.
 */
public final class LogText {

	private LogText() {
	}

	/**
	 * The text, escaped for a log line.
	 * @param text the text from a webhook
	 * @return the same string when nothing needs escaping
	 */
	public static String escape(@Nullable String text) {
		if (text == null) {
			return "null";
		}
		int first = firstUnsafe(text);
		if (first < 0) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
		for (int i = first; i < text.length(); i++) {
			char c = text.charAt(i);
			if (unsafe(c)) {
				escaped.append("\\u").append(String.format("%04X", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

	private static int firstUnsafe(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (unsafe(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	private static boolean unsafe(char c) {
		if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
			return true;
		}
		// Direction marks, embeddings, overrides and isolates; zero-width joiners aside.
		return c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
				|| (c >= '\u2066' && c <= '\u2069') || c == '\u2028' || c == '\u2029';
	}

}

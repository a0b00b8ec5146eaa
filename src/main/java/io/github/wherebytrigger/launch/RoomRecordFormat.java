package io.github.wherebytrigger.launch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.wherebytrigger.launch.RoomRecord.Claim;
import io.github.wherebytrigger.launch.RoomRecord.Ended;
import io.github.wherebytrigger.launch.RoomRecord.Removal;

/**
 * The stored form of a {@link RoomRecord}: a few separator-delimited fields, instants as
 * epoch milliseconds. A room's record is read and written on every launch and stop, so
 * this costs a fraction of JSON through a general mapper (room-state JSON took about a
 * tenth of the CPU of a webhook in the benchmark's profile). Strings are escaped so that
 * no payload value can contain a separator.
 * <p>
 * {@code 1} US claim US ended US removed US last-session US last-generation [US unsure],
 * where a claim (and unsure) is launch-key RS session RS created RS since RS room-url RS
 * lease-until, ended is entries (session FS at) separated by GS, and removed is session
 * FS at; empty means none. Records written before unsure launches were kept have no
 * unsure field.
 */
final class RoomRecordFormat {

	private static final String VERSION = "1";

	private static final char US = '\u001f';

	private static final char RS = '\u001e';

	private static final char GS = '\u001d';

	private static final char FS = '\u001c';

	private RoomRecordFormat() {
	}

	static String write(RoomRecord record) {
		StringBuilder out = new StringBuilder(128).append(VERSION).append(US);
		claim(out, record.claim()).append(US);
		for (int i = 0; i < record.ended().size(); i++) {
			Ended ended = record.ended().get(i);
			if (i > 0) {
				out.append(GS);
			}
			text(out, ended.session()).append(FS);
			instant(out, ended.at());
		}
		out.append(US);
		Removal removed = record.removed();
		if (removed != null) {
			text(out, removed.session()).append(FS);
			instant(out, removed.at());
		}
		out.append(US);
		text(out, record.lastSession()).append(US).append(record.lastGeneration());
		if (record.unsure() != null) {
			claim(out.append(US), record.unsure());
		}
		return out.toString();
	}

	private static StringBuilder claim(StringBuilder out, @Nullable Claim claim) {
		if (claim != null) {
			text(out, claim.launchKey()).append(RS);
			text(out, claim.session()).append(RS);
			instant(out, claim.createdAt()).append(RS);
			instant(out, claim.since()).append(RS);
			text(out, claim.roomUrl()).append(RS);
			instant(out, claim.leaseUntil());
		}
		return out;
	}

	private static @Nullable Claim claim(String field) {
		if (field.isEmpty()) {
			return null;
		}
		String[] c = split(field, RS);
		return new Claim(required(text(c[0])), text(c[1]), instant(c[2]), required(instant(c[3])), required(text(c[4])),
				instant(c[5]));
	}

	/**
	 * Reads a stored record.
	 * @throws IllegalArgumentException if it is not one this version can read
	 */
	static RoomRecord read(String stored) {
		String[] fields = split(stored, US);
		if (fields.length < 6 || fields.length > 7 || !fields[0].equals(VERSION)) {
			throw new IllegalArgumentException("not a version " + VERSION + " room record");
		}
		try {
			Claim claim = claim(fields[1]);
			List<Ended> ended = new ArrayList<>();
			if (!fields[2].isEmpty()) {
				for (String entry : split(fields[2], GS)) {
					String[] e = split(entry, FS);
					ended.add(new Ended(text(e[0]), instant(e[1])));
				}
			}
			Removal removed = null;
			if (!fields[3].isEmpty()) {
				String[] r = split(fields[3], FS);
				removed = new Removal(text(r[0]), instant(r[1]));
			}
			return new RoomRecord(claim, ended, removed, text(fields[4]), Integer.parseInt(fields[5]),
					(fields.length > 6) ? claim(fields[6]) : null);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("malformed room record: " + ex.getMessage(), ex);
		}
	}

	private static StringBuilder text(StringBuilder out, @Nullable String value) {
		if (value == null) {
			return out;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '%' || (c >= FS && c <= US)) {
				out.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
			else {
				out.append(c);
			}
		}
		return out;
	}

	private static @Nullable String text(String field) {
		if (field.isEmpty()) {
			return null;
		}
		if (field.indexOf('%') < 0) {
			return field;
		}
		StringBuilder value = new StringBuilder(field.length());
		for (int i = 0; i < field.length(); i++) {
			char c = field.charAt(i);
			if (c == '%') {
				value.append((char) Integer.parseInt(field, i + 1, i + 3, 16));
				i += 2;
			}
			else {
				value.append(c);
			}
		}
		return value.toString();
	}

	private static StringBuilder instant(StringBuilder out, @Nullable Instant instant) {
		return (instant != null) ? out.append(instant.toEpochMilli()) : out;
	}

	private static @Nullable Instant instant(String field) {
		return field.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(field));
	}

	private static <T> T required(@Nullable T value) {
		if (value == null) {
			throw new IllegalArgumentException("a required field is empty");
		}
		return value;
	}

	private static String[] split(String value, char separator) {
		List<String> parts = new ArrayList<>(8);
		int start = 0;
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) == separator) {
				parts.add(value.substring(start, i));
				start = i + 1;
			}
		}
		parts.add(value.substring(start));
		return parts.toArray(String[]::new);
	}

}

package io.github.wherebytrigger.launch.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the service names and marks the Jobs it creates: the labels that find an
 * assistant's Jobs in a room, the annotations that carry what a label cannot hold (the
 * full room URL, the launch key), and Job names derived from the launch key, so that
 * every replica names the same launch's Job alike. Names and label values follow
 * Kubernetes' rules (DNS-1123, at most 63 characters) whatever the room is called.
 */
final class JobNaming {

	static final String MANAGED_BY = "app.kubernetes.io/managed-by";

	static final String MANAGER = "whereby-trigger";

	static final String ASSISTANT_LABEL = "whereby-trigger/assistant";

	static final String SUBDOMAIN_LABEL = "whereby-trigger/subdomain";

	static final String ROOM_LABEL = "whereby-trigger/room";

	static final String ROOM_HASH_LABEL = "whereby-trigger/room-hash";

	static final String ROOM_URL_ANNOTATION = "whereby-trigger/room-url";

	static final String ROOM_NAME_ANNOTATION = "whereby-trigger/room-name";

	static final String SUBDOMAIN_ANNOTATION = "whereby-trigger/subdomain";

	static final String EVENT_ID_ANNOTATION = "whereby-trigger/event-id";

	static final String LAUNCH_KEY_ANNOTATION = "whereby-trigger/launch-key";

	static final String TRIGGERS_ANNOTATION = "whereby-trigger/triggers";

	private static final int MAX_NAME = 63;

	private JobNaming() {
	}

	/**
	 * The labels of every Job of an assistant in a room: the room hash selects them
	 * exactly, the readable ones are for people.
	 */
	static Map<String, String> labels(String assistant, String subdomain, String roomName) {
		Map<String, String> labels = new LinkedHashMap<>(roomSelector(assistant, subdomain, roomName));
		labels.put(SUBDOMAIN_LABEL, labelValue(subdomain));
		labels.put(ROOM_LABEL, labelValue(roomName));
		return labels;
	}

	/**
	 * The labels that select exactly the Jobs of an assistant in a room.
	 */
	static Map<String, String> roomSelector(String assistant, String subdomain, String roomName) {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put(MANAGED_BY, MANAGER);
		labels.put(ASSISTANT_LABEL, assistant);
		labels.put(ROOM_HASH_LABEL, hash(subdomain + roomName, 16));
		return labels;
	}

	/**
	 * A DNS-1123 name of at most 63 characters derived from the launch key: readable
	 * prefix, and a hash of the whole key so that distinct launches never share a name.
	 */
	static String jobName(String launchKey, String assistant, String subdomain, String roomName) {
		String hash = hash(launchKey, 10);
		String prefix = "wt-" + dnsPart(assistant) + "-";
		int room = MAX_NAME - prefix.length() - hash.length() - 1;
		String slug = trimDashes(truncate(dnsPart(subdomain + "-" + roomName), Math.max(0, room)));
		return slug.isEmpty() ? prefix + hash : prefix + slug + "-" + hash;
	}

	/**
	 * A label value: at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric.
	 */
	static String labelValue(String value) {
		String cleaned = value.replaceAll("[^A-Za-z0-9._-]+", "-");
		cleaned = truncate(cleaned, MAX_NAME).replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
		return cleaned;
	}

	private static String dnsPart(String value) {
		return trimDashes(value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
	}

	private static String trimDashes(String value) {
		return value.replaceAll("^-+", "").replaceAll("-+$", "");
	}

	private static String truncate(String value, int length) {
		return (value.length() <= length) ? value : value.substring(0, length);
	}

	static String hash(String value, int length) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, length);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}

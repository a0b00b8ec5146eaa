package io.github.wherebytrigger.launch;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An assistant this service launched (or found running at start-up).
 *
 * @param assistant the name of the assistant
 * @param subdomain the organisation's subdomain of the room
 * @param roomName the name of the room
 * @param roomUrl the URL of the room
 * @param launchKey the key it was launched with
 * @param since when it was launched
 */
public record RunningAssistant(String assistant, String subdomain, String roomName, String roomUrl, String launchKey,
		Instant since) {

	/**
	 * The generation of the launch in its room: the number after the last {@code #} of
	 * the launch key, 1 when there is none.
	 * @return the generation
	 */
	public int generation() {
		int hash = this.launchKey.lastIndexOf('#');
		try {
			return (hash >= 0) ? Math.max(1, Integer.parseInt(this.launchKey.substring(hash + 1))) : 1;
		}
		catch (NumberFormatException ex) {
			return 1;
		}
	}

	/**
	 * The room session it was launched for: the part of the launch key between the last
	 * {@code @} and the last {@code #}.
	 * @return the room session id, {@code null} when the key names none (launched before
	 * Whereby named the session, or by an older version)
	 */
	public @Nullable String roomSessionId() {
		return roomSessionIdOf(this.launchKey);
	}

	/**
	 * The room session a launch key names (see {@link #roomSessionId()}).
	 * @param launchKey the launch key
	 * @return the room session id, {@code null} when the key names none
	 */
	public static @Nullable String roomSessionIdOf(String launchKey) {
		int at = launchKey.lastIndexOf('@');
		int hash = launchKey.lastIndexOf('#');
		if (at < 0 || hash < at) {
			return null;
		}
		String session = launchKey.substring(at + 1, hash);
		return session.startsWith("event-") ? null : session;
	}

}

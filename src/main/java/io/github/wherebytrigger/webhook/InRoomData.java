package io.github.wherebytrigger.webhook;

import org.jspecify.annotations.Nullable;

/**
 * The fields every in-room event carries: which room of which organisation.
 */
public sealed interface InRoomData permits RoomData, ClientData {

	/**
	 * Meeting identifier, absent for some rooms.
	 * @return the meeting id or {@code null}
	 */
	@Nullable String meetingId();

	/**
	 * Name of the room, starting with {@code /}.
	 * @return the room name
	 */
	String roomName();

	/**
	 * Session of the room, {@code null} for example for the first participant.
	 * @return the room session id or {@code null}
	 */
	@Nullable String roomSessionId();

	/**
	 * The organisation's subdomain, as in {@code https://<subdomain>.whereby.com}.
	 * @return the subdomain
	 */
	String subdomain();

	/**
	 * The URL an assistant joins: {@code https://<subdomain>.<baseDomain><roomName>}.
	 * @param baseDomain the base domain, {@code whereby.com} unless configured otherwise
	 * @return the room URL
	 */
	default String roomUrl(String baseDomain) {
		return "https://" + subdomain() + "." + baseDomain + roomName();
	}

}

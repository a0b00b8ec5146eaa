package io.github.wherebytrigger.testsupport;

import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Webhook bodies as Whereby sends them, on one line, for rooms of the {@code acme}
 * subdomain, created on 2026-11-20. The client who joins or leaves is named {@code Zoe}.
 */
public final class WebhookBodies {

	/**
	 * The type of the event of a client joining a room.
	 */
	public static final String JOINED = "room.client.joined";

	private WebhookBodies() {
	}

	/**
	 * A {@code room.client.joined} event at 10:15, outside any room session, by the only
	 * client of the room.
	 * @param id the event id
	 * @param room the room name, starting with {@code /}
	 * @param role the role of the client who joined
	 * @return the body
	 */
	public static String joined(String id, String room, String role) {
		return joined(id, room, role, 1);
	}

	/**
	 * A {@code room.client.joined} event at 10:15, outside any room session.
	 * @param id the event id
	 * @param room the room name, starting with {@code /}
	 * @param role the role of the client who joined
	 * @param numClients how many clients are in the room, all of that role
	 * @return the body
	 */
	public static String joined(String id, String room, String role, int numClients) {
		return clientEvent(id, JOINED, room, null, role, Map.of(role, numClients), "10:15:00");
	}

	/**
	 * An event about a client: {@code room.client.joined}, {@code room.client.left}...
	 * @param id the event id
	 * @param type the event type
	 * @param room the room name, starting with {@code /}
	 * @param session the room session id, {@code null} for none
	 * @param role the role of the client
	 * @param clientsByRole how many clients of each role are in the room; the total is
	 * {@code numClients}
	 * @param time the time of day it was created, {@code HH:mm:ss}
	 * @return the body
	 */
	public static String clientEvent(String id, String type, String room, @Nullable String session, String role,
			Map<String, Integer> clientsByRole, String time) {
		int numClients = clientsByRole.values().stream().mapToInt(Integer::intValue).sum();
		String byRole = clientsByRole.entrySet()
			.stream()
			.map((entry) -> "\"" + entry.getKey() + "\":" + entry.getValue())
			.collect(Collectors.joining(",", "{", "}"));
		return """
				{"id":"%s","apiVersion":"1.0","createdAt":"2026-11-20T%s.000Z","type":"%s",\
				"data":{"meetingId":"88213","roomName":"%s","roomSessionId":%s,"subdomain":"acme",\
				"roleName":"%s","displayName":"Zoe","participantId":"p_1","metadata":null,"externalId":null,\
				"numClients":%d,"numClientsByRoleName":%s,"isDialIn":false}}""".formatted(id, time, type, room,
				quoted(session), role, numClients, byRole);
	}

	/**
	 * An event about the room rather than a client, at 11:15 in room session {@code s-1}:
	 * {@code room.session.started}, {@code room.session.ended} or
	 * {@code assistant.requested}.
	 * @param id the event id
	 * @param type the event type
	 * @param room the room name, starting with {@code /}
	 * @return the body
	 */
	public static String roomEvent(String id, String type, String room) {
		return roomEvent(id, type, room, "s-1", "11:15:00");
	}

	/**
	 * An event about the room rather than a client.
	 * @param id the event id
	 * @param type the event type
	 * @param room the room name, starting with {@code /}
	 * @param session the room session id, {@code null} for none
	 * @param time the time of day it was created, {@code HH:mm:ss}
	 * @return the body
	 */
	public static String roomEvent(String id, String type, String room, @Nullable String session, String time) {
		return """
				{"id":"%s","apiVersion":"1.0","createdAt":"2026-11-20T%s.000Z","type":"%s",\
				"data":{"meetingId":"88213","roomName":"%s","roomSessionId":%s,"subdomain":"acme"}}""".formatted(id,
				time, type, room, quoted(session));
	}

	private static String quoted(@Nullable String text) {
		return (text != null) ? "\"" + text + "\"" : "null";
	}

}

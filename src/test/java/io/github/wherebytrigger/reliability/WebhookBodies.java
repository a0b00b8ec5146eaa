package io.github.wherebytrigger.reliability;

/**
 * Webhook bodies as Whereby sends them, for a given event id and room of the {@code acme}
 * subdomain.
 */
final class WebhookBodies {

	private WebhookBodies() {
	}

	/**
	 * A {@code room.client.joined} event.
	 * @param id the event id
	 * @param room the room name, starting with {@code /}
	 * @param role the role of the client who joined
	 * @return the body
	 */
	static String joined(String id, String room, String role) {
		return """
				{"id":"%s","apiVersion":"1.0","createdAt":"2026-11-20T10:15:00.000Z","type":"room.client.joined",\
				"data":{"meetingId":"88213","roomName":"%s","roomSessionId":null,"subdomain":"acme",\
				"roleName":"%s","displayName":"Zoe","participantId":"p_1","metadata":null,"externalId":null,\
				"numClients":1,"numClientsByRoleName":{"%s":1},"isDialIn":false}}""".formatted(id, room, role, role);
	}

	/**
	 * An event about the room rather than a client: {@code room.session.started},
	 * {@code room.session.ended} or {@code assistant.requested}.
	 * @param id the event id
	 * @param type the event type
	 * @param room the room name, starting with {@code /}
	 * @return the body
	 */
	static String roomEvent(String id, String type, String room) {
		return """
				{"id":"%s","apiVersion":"1.0","createdAt":"2026-11-20T11:15:00.000Z","type":"%s",\
				"data":{"meetingId":"88213","roomName":"%s","roomSessionId":"s-1","subdomain":"acme"}}""".formatted(id,
				type, room);
	}

}

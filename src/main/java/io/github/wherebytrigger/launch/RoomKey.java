package io.github.wherebytrigger.launch;

import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * An assistant in a room: the key of the room's record in the store,
 * {@code <assistant>:<subdomain><roomName>}. Not the session, which changes from meeting
 * to meeting and is {@code null} for the first participant: the record tells the sessions
 * apart.
 */
record RoomKey(String assistant, String subdomain, String roomName) {

	static RoomKey of(String assistant, WherebyWebhook webhook) {
		return new RoomKey(assistant, webhook.data().subdomain(), webhook.data().roomName());
	}

	/**
	 * The room key of a store key, the reverse of {@link #toString()}: assistant names
	 * have no {@code :} and subdomains no {@code /}.
	 */
	static RoomKey parse(String key) {
		int colon = key.indexOf(':');
		int slash = key.indexOf('/', colon);
		return new RoomKey(key.substring(0, colon), key.substring(colon + 1, slash), key.substring(slash));
	}

	@Override
	public String toString() {
		return this.assistant + ":" + this.subdomain + this.roomName;
	}

}

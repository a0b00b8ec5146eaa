package io.github.wherebytrigger.webhook;

import org.jspecify.annotations.Nullable;

/**
 * Data of room events that are not about one client: session started and ended, and
 * assistant requested.
 *
 * @param meetingId meeting identifier, absent for some rooms
 * @param roomName name of the room, starting with {@code /}
 * @param roomSessionId session of the room, may be {@code null}
 * @param subdomain the organisation's subdomain
 */
public record RoomData(@Nullable String meetingId, String roomName, @Nullable String roomSessionId,
		String subdomain) implements InRoomData {

}

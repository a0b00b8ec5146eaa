package io.github.wherebytrigger.webhook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * Data of a client joining or leaving a room.
 *
 * @param meetingId meeting identifier, absent for some rooms
 * @param roomName name of the room, starting with {@code /}
 * @param roomSessionId session of the room, {@code null} for the first participant
 * @param subdomain the organisation's subdomain
 * @param roleName role of the client: {@code owner}, {@code member}, {@code host},
 * {@code visitor}, {@code granted_visitor}, {@code viewer}, {@code granted_viewer},
 * {@code recorder}, {@code streamer}, {@code captioner}, {@code assistant}, or a role
 * Whereby adds later (kept as sent)
 * @param displayName display name of the participant
 * @param participantId unique identifier of the participant
 * @param metadata custom metadata attached to the participant, or {@code null}
 * @param externalId custom identifier attached to the participant, or {@code null}
 * @param numClients number of clients connected after the event, {@code null} when not
 * sent
 * @param numClientsByRoleName number of connected clients per role name
 * @param isDialIn whether the client dialled in by phone, {@code null} when not sent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClientData(@Nullable String meetingId, String roomName, @Nullable String roomSessionId, String subdomain,
		@Nullable String roleName, @Nullable String displayName, @Nullable String participantId,
		@Nullable String metadata, @Nullable String externalId, @Nullable Integer numClients,
		Map<String, Integer> numClientsByRoleName,
		@JsonProperty("isDialIn") @Nullable Boolean isDialIn) implements InRoomData {

	public ClientData {
		numClientsByRoleName = (numClientsByRoleName != null) ? copyWithoutNulls(numClientsByRoleName) : Map.of();
	}

	private static Map<String, Integer> copyWithoutNulls(Map<String, Integer> counts) {
		Map<String, Integer> copy = new LinkedHashMap<>(counts);
		copy.values().removeIf(Objects::isNull);
		return Collections.unmodifiableMap(copy);
	}

	/**
	 * Number of connected clients with the given role.
	 * @param role the role name, for example {@code assistant}
	 * @return the count, 0 when the role is not listed
	 */
	public int clientsWithRole(String role) {
		return this.numClientsByRoleName.getOrDefault(role, 0);
	}

}

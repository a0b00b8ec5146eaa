package io.github.wherebytrigger.webhook;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The data as sent, every field of {@link ClientData}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
final class WireData {

	@Nullable String meetingId;

	@Nullable String roomName;

	@Nullable String roomSessionId;

	@Nullable String subdomain;

	@Nullable String roleName;

	@Nullable String displayName;

	@Nullable String participantId;

	@Nullable String metadata;

	@Nullable String externalId;

	@Nullable Integer numClients;

	@Nullable Map<String, Integer> numClientsByRoleName;

	@Nullable Boolean isDialIn;

	public void setMeetingId(@Nullable String meetingId) {
		this.meetingId = meetingId;
	}

	public void setRoomName(@Nullable String roomName) {
		this.roomName = roomName;
	}

	public void setRoomSessionId(@Nullable String roomSessionId) {
		this.roomSessionId = roomSessionId;
	}

	public void setSubdomain(@Nullable String subdomain) {
		this.subdomain = subdomain;
	}

	public void setRoleName(@Nullable String roleName) {
		this.roleName = roleName;
	}

	public void setDisplayName(@Nullable String displayName) {
		this.displayName = displayName;
	}

	public void setParticipantId(@Nullable String participantId) {
		this.participantId = participantId;
	}

	public void setMetadata(@Nullable String metadata) {
		this.metadata = metadata;
	}

	public void setExternalId(@Nullable String externalId) {
		this.externalId = externalId;
	}

	public void setNumClients(@Nullable Integer numClients) {
		this.numClients = numClients;
	}

	public void setNumClientsByRoleName(@Nullable Map<String, Integer> numClientsByRoleName) {
		this.numClientsByRoleName = numClientsByRoleName;
	}

	@JsonProperty("isDialIn")
	public void setIsDialIn(@Nullable Boolean isDialIn) {
		this.isDialIn = isDialIn;
	}

	// roomName and subdomain are checked by parse() before a record is made.
	ClientData toClientData() {
		return new ClientData(this.meetingId, this.roomName, this.roomSessionId, this.subdomain, this.roleName,
				this.displayName, this.participantId, this.metadata, this.externalId, this.numClients,
				this.numClientsByRoleName, this.isDialIn);
	}

	RoomData toRoomData() {
		return new RoomData(this.meetingId, this.roomName, this.roomSessionId, this.subdomain);
	}

}

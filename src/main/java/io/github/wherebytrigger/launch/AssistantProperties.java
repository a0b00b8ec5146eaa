package io.github.wherebytrigger.launch;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How launched assistants are tracked per room.
 */
@ConfigurationProperties("whereby.assistant")
@Validated
public class AssistantProperties {

	/**
	 * Whether at most one assistant runs per room (subdomain and room name) at a time;
	 * further firing triggers answer 'already-running' until the room's session ends.
	 */
	private boolean onePerRoom = true;

	/**
	 * How long an assistant counts as running in its room when no 'room.session.ended'
	 * arrives for it.
	 */
	@NotNull
	private Duration forgetAfter = Duration.ofHours(12);

	public boolean isOnePerRoom() {
		return this.onePerRoom;
	}

	public void setOnePerRoom(boolean onePerRoom) {
		this.onePerRoom = onePerRoom;
	}

	public Duration getForgetAfter() {
		return this.forgetAfter;
	}

	public void setForgetAfter(Duration forgetAfter) {
		this.forgetAfter = forgetAfter;
	}

}

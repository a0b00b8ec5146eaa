package io.github.wherebytrigger.launch;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

import io.github.wherebytrigger.webhook.RoomSessionEnded;
import io.github.wherebytrigger.webhook.WebhookType;

/**
 * How launched assistants are tracked per room, and what stops them.
 */
@ConfigurationProperties("whereby.assistant")
@Validated
public class AssistantProperties implements Validator {

	/**
	 * Whether at most one assistant runs per room (subdomain and room name) at a time;
	 * further firing triggers answer 'already-running' until the room's session ends.
	 * Either way, events of a session that ended answer 'stale'.
	 */
	private boolean onePerRoom = true;

	/**
	 * How long the record of a room (its running assistant, launch key and ended
	 * sessions) is kept after its last change, so that a lost 'room.session.ended' cannot
	 * hold a room forever.
	 */
	@NotNull
	private Duration forgetAfter = Duration.ofHours(12);

	/**
	 * How far apart Whereby's clocks may put two events of one room: an event without a
	 * session id counts as of an ended session only if created more than this before the
	 * session's end, so a new meeting's first join is not refused.
	 */
	@NotNull
	private Duration clockSkew = Duration.ofSeconds(1);

	/**
	 * Event types that stop the assistants running in their room; empty disables stopping
	 * on events.
	 */
	private Set<String> stopOn = new LinkedHashSet<>(Set.of(RoomSessionEnded.TYPE));

	/**
	 * Whether a 'room.client.left' after which nobody, or only assistants, remain in the
	 * room stops its assistants.
	 */
	private boolean stopWhenEmpty = true;

	public Set<String> getStopOn() {
		return this.stopOn;
	}

	public void setStopOn(Set<String> stopOn) {
		this.stopOn = stopOn;
	}

	public boolean isStopWhenEmpty() {
		return this.stopWhenEmpty;
	}

	public void setStopWhenEmpty(boolean stopWhenEmpty) {
		this.stopWhenEmpty = stopWhenEmpty;
	}

	public boolean isOnePerRoom() {
		return this.onePerRoom;
	}

	public void setOnePerRoom(boolean onePerRoom) {
		this.onePerRoom = onePerRoom;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

	public Duration getForgetAfter() {
		return this.forgetAfter;
	}

	public void setForgetAfter(Duration forgetAfter) {
		this.forgetAfter = forgetAfter;
	}

	@Override
	public boolean supports(Class<?> type) {
		return AssistantProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		for (String type : ((AssistantProperties) target).getStopOn()) {
			if (WebhookType.fromWireName(type).isEmpty()) {
				errors.rejectValue("stopOn", "unknown", "'" + type + "' is not an event type this service acts on");
			}
		}
	}

}

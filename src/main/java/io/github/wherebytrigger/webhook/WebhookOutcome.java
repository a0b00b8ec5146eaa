package io.github.wherebytrigger.webhook;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What this service did with a webhook it accepted (answered 200).
 */
public enum WebhookOutcome {

	/**
	 * A trigger fired and the assistant was launched.
	 */
	LAUNCHED("launched"),

	/**
	 * No trigger fired.
	 */
	NOT_TRIGGERED("not-triggered"),

	/**
	 * The event was already handled: a redelivery.
	 */
	DUPLICATE("duplicate"),

	/**
	 * A trigger fired, but the assistant already runs in that room.
	 */
	ALREADY_RUNNING("already-running"),

	/**
	 * A trigger fired, but the launcher refused the launch as misconfigured (a worker
	 * answering 400, say): retrying would not help, so the event is acknowledged. Logged
	 * as an error and counted.
	 */
	LAUNCH_REJECTED("launch-rejected"),

	/**
	 * A trigger fired, but the event belongs to a room session that has ended: a late
	 * redelivery from a meeting that is over. Nothing is launched.
	 */
	STALE("stale"),

	/**
	 * A trigger fired, but a host removed the assistant from this session (its
	 * {@code room.client.left} with role {@code assistant}): it is not launched again
	 * into the session until an {@code assistant.requested}.
	 */
	REMOVED("removed"),

	/**
	 * The event type is one this service knows but is not enabled in
	 * {@code whereby.triggers.enabled}.
	 */
	DISABLED("disabled"),

	/**
	 * An event type this service does not act on.
	 */
	IGNORED("ignored");

	private final String value;

	WebhookOutcome(String value) {
		this.value = value;
	}

	/**
	 * The outcome as it appears in answers, metrics and logs.
	 * @return the value, for example {@code already-running}
	 */
	@JsonValue
	public String value() {
		return this.value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}

package io.github.wherebytrigger.launch;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.wherebytrigger.webhook.AssistantRequested;
import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * What the room rules need of a webhook: its id, its session and when Whereby created it.
 *
 * @param eventId the event id
 * @param session the room session id, {@code null} when Whereby sent none
 * @param createdAt when Whereby created the event, {@code null} when not sent
 * @param assistantRequested whether a host asked for an assistant
 */
record RoomEvent(String eventId, @Nullable String session, @Nullable Instant createdAt, boolean assistantRequested) {

	static RoomEvent of(WherebyWebhook webhook) {
		String session = webhook.data().roomSessionId();
		return new RoomEvent(webhook.id(), (session != null && !session.isEmpty()) ? session : null,
				webhook.createdAt(), webhook instanceof AssistantRequested);
	}

	/**
	 * The session part of a launch key: the session id, or, before Whereby names a
	 * session, the launching event's id (the same on every redelivery).
	 */
	String sessionPart() {
		return (this.session != null) ? this.session : "event-" + this.eventId;
	}

	/**
	 * Whether this event was created before the instant by more than the clock skew
	 * allowed between events of one room; {@code false} when either time is unknown.
	 */
	boolean before(@Nullable Instant instant, java.time.Duration skew) {
		return this.createdAt != null && instant != null && this.createdAt.isBefore(instant.minus(skew));
	}

}

package io.github.wherebytrigger.webhook;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.wherebytrigger.state.ClaimWait;
import io.github.wherebytrigger.state.RoomStateStore;
import io.github.wherebytrigger.state.StateUnavailableException;

/**
 * Lets each event id be handled once, across every replica that shares the room-state
 * store: the Svix pattern. The first delivery claims the id ({@code SET NX PX}) while it
 * handles it; on success the claim becomes the record of the handling (the triggers that
 * fired), kept for {@code whereby.webhook.deduplication.retention}; on failure it is
 * released, so that Whereby's redelivery can try again. A redelivery that finds the id
 * claimed waits for the claim to settle, then answers {@link WebhookOutcome#DUPLICATE}
 * (or handles the event itself if the claim was released). A claim whose holder died
 * expires after {@link #LEASE}. An event whose handling changes nothing (no trigger
 * fired, no meeting ended: most events) skips the claim: the first delivery records it as
 * handled in one {@code SET NX PX}.
 */
class WebhookDeduplicator {

	/**
	 * How long a claim holds if its holder dies: a little more than Whereby waits.
	 */
	static final Duration LEASE = Duration.ofSeconds(6);

	private static final Log logger = LogFactory.getLog(WebhookDeduplicator.class);

	private static final String HANDLED = "h";

	private static final char SEPARATOR = '\u001f';

	private final RoomStateStore store;

	private final Duration retention;

	WebhookDeduplicator(RoomStateStore store, Duration retention) {
		this.store = store;
		this.retention = retention;
	}

	/**
	 * Decides what handling an event means (evaluates its triggers). When that fails with
	 * a {@link RetryLaterException} (a trigger too slow) on an event handled already, the
	 * handling is the answer {@link WebhookOutcome#DUPLICATE} all the same.
	 * @param webhook the event
	 * @param prepare decides the handling
	 * @param roomUrl the room URL of the event, for the answer to a duplicate
	 * @return the handling
	 */
	WebhookHandler.Handling prepare(WherebyWebhook webhook, Supplier<WebhookHandler.Handling> prepare,
			Supplier<@Nullable String> roomUrl) {
		try {
			return prepare.get();
		}
		catch (RetryLaterException ex) {
			String handled = handledRecord(webhook.id());
			if (handled == null) {
				throw ex;
			}
			return WebhookHandler.Handling.answered(new WebhookResult(webhook.id(), webhook.type(),
					WebhookOutcome.DUPLICATE, triggers(handled), roomUrl.get()));
		}
	}

	/**
	 * Handles an event unless its id was handled already. A handling that changes nothing
	 * ({@link WebhookHandler.Handling#quietResult()}) is recorded as handled at once, in
	 * the claim itself: there is nothing a failure could leave half done.
	 * @param webhook the event
	 * @param deadlineNanos {@link System#nanoTime()} after which a redelivery stops
	 * waiting for the first delivery's result
	 * @param handling what handling the event means, from {@link #prepare}
	 * @param first what the first delivery does before its handling (publishing the
	 * event)
	 * @param arrivalNanos when the webhook arrived, for the handling's deadlines
	 * @param roomUrl the room URL of the event, for the answer to a duplicate
	 * @return the handling's result, or the earlier result marked as a duplicate
	 * @throws StateUnavailableException if the store cannot be reached
	 */
	WebhookResult handleOnce(WherebyWebhook webhook, long deadlineNanos, WebhookHandler.Handling handling,
			Runnable first, long arrivalNanos, Supplier<@Nullable String> roomUrl) {
		if (handling.isAnswered()) {
			return handling.act(arrivalNanos);
		}
		String id = webhook.id();
		WebhookResult quiet = handling.quietResult();
		String claim = (quiet != null) ? HANDLED : ClaimTokens.next();
		while (true) {
			if (this.store.claimEvent(id, claim, (quiet != null) ? this.retention : LEASE)) {
				return handle(id, claim, () -> {
					first.run();
					return handling.act(arrivalNanos);
				}, quiet == null);
			}
			String settled;
			try {
				// The id when released (empty), or the record of its handling.
				settled = ClaimWait.await(() -> settled(id), deadlineNanos);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new RetryLaterException("Interrupted while waiting for the same event", ex);
			}
			if (settled == null) {
				throw new RetryLaterException("The same event is still being handled", null);
			}
			if (!settled.isEmpty()) {
				return new WebhookResult(id, webhook.type(), WebhookOutcome.DUPLICATE, triggers(settled),
						roomUrl.get());
			}
			// The earlier delivery failed and let go of the id: handle it here.
		}
	}

	/**
	 * The record of an event handled already, {@code null} when it was not, or when the
	 * store cannot say.
	 */
	private @Nullable String handledRecord(String id) {
		try {
			String value = this.store.event(id);
			return isHandled(value) ? value : null;
		}
		catch (StateUnavailableException ex) {
			return null;
		}
	}

	private @Nullable String settled(String id) {
		String value = this.store.event(id);
		if (value == null) {
			return "";
		}
		return isHandled(value) ? value : null;
	}

	private WebhookResult handle(String id, String claim, Supplier<WebhookResult> handling, boolean settle) {
		WebhookResult result;
		try {
			result = handling.get();
		}
		catch (RuntimeException | Error ex) {
			release(id, claim);
			throw ex;
		}
		if (!settle) {
			return result;
		}
		try {
			this.store.settleEvent(id, claim, record(result.triggers()), this.retention);
		}
		catch (StateUnavailableException ex) {
			// Handled all the same: answering 503 would have it handled twice. Its claim
			// expires, and the room's own state keeps a redelivery from launching again.
			logger.warn("Webhook " + id + " was handled but could not be recorded as handled: " + ex.getMessage());
		}
		return result;
	}

	private void release(String id, String claim) {
		try {
			this.store.settleEvent(id, claim, null, this.retention);
		}
		catch (StateUnavailableException ex) {
			logger.warn("Could not release webhook " + id + "; a redelivery waits until its claim expires ("
					+ LEASE.toSeconds() + " s): " + ex.getMessage());
		}
	}

	/**
	 * Whether an event id was handled: a redelivery would answer
	 * {@link WebhookOutcome#DUPLICATE}.
	 */
	boolean wasHandled(String id) {
		return isHandled(this.store.event(id));
	}

	/** Whether an event's value in the store records it as handled (not claimed). */
	private static boolean isHandled(@Nullable String value) {
		return value != null && value.startsWith(HANDLED);
	}

	/**
	 * What is kept of a handled event: the triggers that fired, all a duplicate's answer
	 * needs besides the redelivery itself. One shared value when none fired (most
	 * events).
	 */
	private static String record(List<String> triggers) {
		if (triggers.isEmpty()) {
			return HANDLED;
		}
		StringBuilder record = new StringBuilder(HANDLED);
		for (String trigger : triggers) {
			record.append(SEPARATOR).append(trigger);
		}
		return record.toString();
	}

	private static List<String> triggers(String record) {
		if (record.length() <= HANDLED.length()) {
			return List.of();
		}
		return Arrays.asList(record.substring(HANDLED.length() + 1).split(String.valueOf(SEPARATOR), -1));
	}

}

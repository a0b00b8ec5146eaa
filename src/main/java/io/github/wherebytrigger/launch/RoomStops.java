package io.github.wherebytrigger.launch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.wherebytrigger.system.LogText;
import io.github.wherebytrigger.launch.RoomRecord.Claim;
import io.github.wherebytrigger.launch.RoomRules.Kind;
import io.github.wherebytrigger.launch.RoomRules.StopDecision;
import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * The stop side of the coordinator: a stop event, or a host's removal of the assistant,
 * stops the assistant of its session by the {@link RoomRules}. The launcher is called
 * first and the room recorded as stopped after, so that a failed stop (answered 503) is
 * tried again with the launch key.
 */
final class RoomStops {

	private static final Log logger = LogFactory.getLog(RoomStops.class);

	private final StopPolicy policy;

	private final RoomLedger ledger;

	private final RoomRules rules;

	private final LauncherCalls calls;

	private final Clock clock;

	RoomStops(StopPolicy policy, RoomLedger ledger, RoomRules rules, LauncherCalls calls, Clock clock) {
		this.policy = policy;
		this.ledger = ledger;
		this.rules = rules;
		this.calls = calls;
		this.clock = clock;
	}

	/**
	 * Whether the webhook stops or removes assistants of its room.
	 */
	boolean isStopEvent(WherebyWebhook webhook) {
		return StopPolicy.isRemoval(webhook) || this.policy.isStopEvent(webhook);
	}

	/**
	 * Stops what the webhook stops, for every assistant.
	 * @return the names of the assistants whose known launch it stopped
	 */
	List<String> stopIfEnded(Collection<ConfiguredLauncher> launchers, WherebyWebhook webhook, String roomUrl,
			long deadline) {
		List<Function<@Nullable RoomRecord, StopDecision>> decisions = decisions(webhook);
		if (decisions.isEmpty()) {
			return List.of();
		}
		List<String> stopped = new ArrayList<>();
		for (ConfiguredLauncher launcher : launchers) {
			RoomKey room = RoomKey.of(launcher.assistant(), webhook);
			boolean any = false;
			for (Function<@Nullable RoomRecord, StopDecision> decide : decisions) {
				any |= stopOne(launcher, room, webhook, roomUrl, deadline, decide);
			}
			if (any) {
				stopped.add(launcher.assistant());
			}
		}
		return stopped;
	}

	/**
	 * What {@link #stopIfEnded} would do to one room record, without doing it.
	 */
	Preview preview(@Nullable RoomRecord record, WherebyWebhook webhook) {
		boolean stops = false;
		RoomRecord after = record;
		for (Function<@Nullable RoomRecord, StopDecision> decide : decisions(webhook)) {
			StopDecision decision = decide.apply(after);
			stops |= decision.kind() == Kind.STOP && decision.claim() != null;
			after = decision.after();
		}
		return new Preview(after, stops);
	}

	/**
	 * What the webhook decides for a room, in order: a host's removal of the assistant,
	 * then the end of its meeting; none for other webhooks.
	 */
	private List<Function<@Nullable RoomRecord, StopDecision>> decisions(WherebyWebhook webhook) {
		List<Function<@Nullable RoomRecord, StopDecision>> decisions = new ArrayList<>(2);
		RoomEvent event = RoomEvent.of(webhook);
		if (StopPolicy.isRemoval(webhook)) {
			decisions.add((record) -> this.rules.decideRemoval(record, event, this.clock.instant()));
		}
		if (this.policy.isStopEvent(webhook)) {
			decisions.add((record) -> this.rules.decideStop(record, event, this.clock.instant()));
		}
		return decisions;
	}

	/**
	 * Decides, calls the launcher's stop, then records the decision, unless the room was
	 * claimed anew in between.
	 * @return whether a launch this service knew of was stopped
	 */
	private boolean stopOne(ConfiguredLauncher launcher, RoomKey room, WherebyWebhook webhook, String roomUrl,
			long deadline, Function<@Nullable RoomRecord, StopDecision> decide) {
		RoomLedger.Snapshot snapshot = this.ledger.snapshot(room);
		StopDecision decision = decide.apply(snapshot.record());
		Claim claim = decision.claim();
		if (decision.kind() == Kind.STALE && claim != null) {
			logger.info("Not stopping assistant " + LogText.escape(claim.launchKey()) + " for webhook "
					+ LogText.escape(webhook.id()) + ": the webhook is of another session");
		}
		if (decision.kind() == Kind.STOP) {
			callStop(launcher, new StopRequest(launcher.assistant(), roomUrl, room.subdomain(), room.roomName(),
					(claim != null) ? claim.launchKey() : null, webhook), deadline);
		}
		this.ledger.update(room, snapshot, (record) -> {
			StopDecision again = decide.apply(record);
			return sameLaunch(again.claim(), claim) ? again
					: new StopDecision(Kind.STALE, again.claim(), RoomRecord.orEmpty(record));
		}, StopDecision::after);
		return decision.kind() == Kind.STOP && claim != null;
	}

	private static boolean sameLaunch(@Nullable Claim one, @Nullable Claim other) {
		return (one == null) ? other == null : other != null && one.launchKey().equals(other.launchKey());
	}

	private void callStop(ConfiguredLauncher launcher, StopRequest request, long deadline) {
		try {
			this.calls.stop(launcher, request, deadline);
			if (request.launchKey() != null) {
				logger.info("Stopped assistant '" + request.assistant() + "' in " + LogText.escape(request.roomUrl())
						+ " (launch key " + LogText.escape(request.launchKey()) + ") after webhook "
						+ LogText.escape(request.webhook().id()));
			}
		}
		catch (LaunchRejectedException | CallFailedException ex) {
			logger.warn("Launcher " + launcher.type() + " of assistant '" + request.assistant()
					+ "' did not stop the assistant in " + LogText.escape(request.roomUrl()) + ": " + ex.getCause());
			throw new LauncherUnavailableException("The assistant launcher did not stop the assistant", ex.getCause());
		}
	}

	/**
	 * What a webhook would do to a room record.
	 *
	 * @param after the record after it
	 * @param stops whether it stops a launch this service knows of
	 */
	record Preview(@Nullable RoomRecord after, boolean stops) {

	}

}

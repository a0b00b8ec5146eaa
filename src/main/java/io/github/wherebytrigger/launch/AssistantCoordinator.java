package io.github.wherebytrigger.launch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;

import io.github.wherebytrigger.system.LogText;
import io.github.wherebytrigger.launch.RoomRecord.Claim;
import io.github.wherebytrigger.launch.RoomRules.Kind;
import io.github.wherebytrigger.launch.RoomRules.LaunchDecision;
import io.github.wherebytrigger.state.ClaimWait;
import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * Launches and stops assistants through their launchers, by the {@link RoomRules}: at
 * most one per assistant and room when {@code whereby.assistant.one-per-room} is on,
 * claimed in the room-state store before its launch, so that two events for the same
 * room, on any replica, never launch twice. A failed or late launch releases the room.
 * {@link #plan} decides the same way without changing anything, for the dry run.
 */
public final class AssistantCoordinator {

	private static final Log logger = LogFactory.getLog(AssistantCoordinator.class);

	private final Map<String, ConfiguredLauncher> launchers;

	private final AssistantProperties properties;

	private final RoomLedger ledger;

	private final RoomRules rules;

	private final RoomStops stops;

	private final LauncherCalls calls;

	private final Clock clock;

	AssistantCoordinator(Map<String, ConfiguredLauncher> launchers, AssistantProperties properties, RoomLedger ledger,
			RoomRules rules, LauncherCalls calls, Clock clock) {
		this.launchers = Map.copyOf(launchers);
		this.properties = properties;
		this.ledger = ledger;
		this.rules = rules;
		this.stops = new RoomStops(new StopPolicy(properties), ledger, rules, calls, clock);
		this.calls = calls;
		this.clock = clock;
	}

	/**
	 * The names of the configured assistants.
	 * @return the names, {@code default} among them
	 */
	public Set<String> assistantNames() {
		return this.launchers.keySet();
	}

	/**
	 * Launches each assistant whose triggers fired into the webhook's room, unless it
	 * runs there already or the event's session has ended.
	 * @param webhook the webhook whose triggers fired
	 * @param roomUrl the room URL
	 * @param triggersByAssistant the triggers that fired, by the assistant they start
	 * @param arrivalNanos when the webhook arrived, the start of the deadline
	 * @return the outcome that speaks for the webhook (see {@link LaunchOutcome#of})
	 * @throws LauncherUnavailableException if a launcher failed or missed the deadline
	 */
	public LaunchOutcome launch(WherebyWebhook webhook, String roomUrl, Map<String, List<String>> triggersByAssistant,
			long arrivalNanos) {
		long deadline = this.calls.deadline(arrivalNanos);
		List<LaunchOutcome> outcomes = new ArrayList<>();
		triggersByAssistant.forEach((assistant, triggers) -> outcomes
			.add(launchOne(launcher(assistant), webhook, roomUrl, triggers, deadline)));
		return LaunchOutcome.of(outcomes);
	}

	private LaunchOutcome launchOne(ConfiguredLauncher launcher, WherebyWebhook webhook, String roomUrl,
			List<String> triggers, long deadline) {
		RoomKey room = RoomKey.of(launcher.assistant(), webhook);
		RoomEvent event = RoomEvent.of(webhook);
		boolean onePerRoom = this.properties.isOnePerRoom();
		while (true) {
			RoomLedger.Snapshot read = this.ledger.snapshot(room);
			RoomLedger.Updated<LaunchDecision> updated = onePerRoom
					? this.ledger.updateKeeping(room, read, (record) -> decideLaunch(record, event, room, roomUrl),
							LaunchDecision::after)
					: new RoomLedger.Updated<>(decideLaunch(read.record(), event, room, roomUrl), read);
			LaunchDecision decision = updated.decision();
			Claim claim = decision.claim();
			switch (decision.kind()) {
				case LAUNCH -> {
					return launchClaimed(launcher, room, updated.after(), Objects.requireNonNull(claim),
							new LaunchRequest(launcher.assistant(), roomUrl, webhook, triggers, claim.launchKey()),
							deadline);
				}
				case ALREADY_RUNNING -> {
					if (this.calls.isRunning(launcher, RecordedAssistants.of(room, Objects.requireNonNull(claim)),
							deadline)) {
						return LaunchOutcome.ALREADY_RUNNING;
					}
					logger.info("Assistant " + LogText.escape(claim.launchKey()) + " ended on its own; launching anew");
					this.ledger.change(room, (record) -> RoomRules.afterEnd(record, claim.launchKey()));
				}
				case LAUNCHING -> awaitLaunch(room, Objects.requireNonNull(claim), deadline);
				default -> {
					logger.info("Not launching assistant '" + launcher.assistant() + "' for webhook "
							+ LogText.escape(webhook.id()) + ": " + ((decision.kind() == Kind.STALE)
									? "its session has ended" : "a host removed it from this session"));
					return (decision.kind() == Kind.STALE) ? LaunchOutcome.STALE : LaunchOutcome.REMOVED;
				}
			}
		}
	}

	private LaunchDecision decideLaunch(@Nullable RoomRecord record, RoomEvent event, RoomKey room, String roomUrl) {
		return this.rules.decideLaunch(record, event, this.properties.isOnePerRoom(), room, roomUrl,
				this.clock.instant());
	}

	private LaunchOutcome launchClaimed(ConfiguredLauncher launcher, RoomKey room, RoomLedger.Snapshot claimed,
			Claim claim, LaunchRequest request, long deadline) {
		boolean launched = false;
		boolean unsure = false;
		try {
			this.calls.launch(launcher, request, deadline);
			launched = true;
			logger.info("Launched assistant '" + request.assistant() + "' into " + LogText.escape(request.roomUrl())
					+ " for webhook " + LogText.escape(request.webhook().id()) + " (triggers " + request.triggers()
					+ ", launch key " + LogText.escape(request.launchKey()) + ")");
			return LaunchOutcome.LAUNCHED;
		}
		catch (LaunchRejectedException ex) {
			logger.error("Launcher " + launcher.type() + " of assistant '" + request.assistant()
					+ "' REJECTED the launch into " + LogText.escape(request.roomUrl()) + " for webhook "
					+ LogText.escape(request.webhook().id()) + "; this is a configuration error, fix it: "
					+ ex.getMessage());
			return LaunchOutcome.LAUNCH_REJECTED;
		}
		catch (CallFailedException ex) {
			unsure = ex.mayHaveRun();
			logger.warn("Launcher " + launcher.type() + " of assistant '" + request.assistant()
					+ "' did not launch into " + LogText.escape(request.roomUrl()) + " for webhook "
					+ LogText.escape(request.webhook().id()) + " (" + ex.outcome() + "): " + ex.getCause()
					+ (unsure ? "; it may still start: the stop of its session stops launch key "
							+ LogText.escape(request.launchKey()) + " too" : ""));
			throw new LauncherUnavailableException("The assistant launcher " + ex.describe(), ex.getCause());
		}
		finally {
			if (this.properties.isOnePerRoom()) {
				boolean ran = launched;
				boolean maybe = unsure;
				// Starts from the record as claimed: read again only if it changed since.
				this.ledger.update(room, claimed, (record) -> record, (record) -> maybe
						? RoomRules.afterUnsureLaunch(record, claim) : RoomRules.afterLaunch(record, claim, ran));
			}
		}
	}

	/**
	 * Waits for the launch that holds the room (on this replica or another) to finish.
	 */
	private void awaitLaunch(RoomKey room, Claim claim, long deadline) {
		Boolean settled;
		try {
			settled = ClaimWait.await(() -> {
				RoomRecord record = this.ledger.read(room);
				Claim current = (record != null) ? record.claim() : null;
				boolean holding = current != null && current.launchKey().equals(claim.launchKey())
						&& !current.launched();
				return holding ? null : Boolean.TRUE;
			}, deadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LauncherUnavailableException("Interrupted while waiting for a launch into this room", ex);
		}
		if (settled == null) {
			throw new LauncherUnavailableException("An assistant is still being launched into this room", null);
		}
	}

	/**
	 * What handling the webhook would do to the assistants of its room, decided by the
	 * same rules on what the store holds now; changes nothing and calls no launcher.
	 * @param webhook the webhook
	 * @param roomUrl the room URL
	 * @param launching the assistants whose triggers fired
	 * @return the plan
	 */
	public RoomPlan plan(WherebyWebhook webhook, String roomUrl, Collection<String> launching) {
		RoomEvent event = RoomEvent.of(webhook);
		List<String> stopped = new ArrayList<>();
		Map<String, LaunchOutcome> launches = new LinkedHashMap<>();
		for (ConfiguredLauncher launcher : this.launchers.values()) {
			RoomKey room = RoomKey.of(launcher.assistant(), webhook);
			RoomStops.Preview preview = this.stops.preview(this.ledger.read(room), webhook);
			if (preview.stops()) {
				stopped.add(launcher.assistant());
			}
			if (launching.contains(launcher.assistant())) {
				launches.put(launcher.assistant(), switch (decideLaunch(preview.after(), event, room, roomUrl).kind()) {
					case STALE -> LaunchOutcome.STALE;
					case REMOVED -> LaunchOutcome.REMOVED;
					case ALREADY_RUNNING, LAUNCHING -> LaunchOutcome.ALREADY_RUNNING;
					default -> LaunchOutcome.LAUNCHED;
				});
			}
		}
		return new RoomPlan(this.stops.isStopEvent(webhook), stopped, launches);
	}

	/**
	 * Stops the assistants of the webhook's room when it is a stop event, or when a host
	 * removed the assistant; a stop of another (older) session stops nothing.
	 * @param webhook the webhook
	 * @param roomUrl the room URL
	 * @param arrivalNanos when the webhook arrived, the start of the deadline
	 * @return the names of the assistants it stopped
	 * @throws LauncherUnavailableException if a launcher failed to stop within the
	 * deadline
	 */
	public List<String> stopIfEnded(WherebyWebhook webhook, String roomUrl, long arrivalNanos) {
		return this.stops.stopIfEnded(this.launchers.values(), webhook, roomUrl, this.calls.deadline(arrivalNanos));
	}

	/**
	 * Whether the webhook stops the assistants of its room (see {@link #stopIfEnded}).
	 * @param webhook the webhook
	 * @return whether it is a stop event
	 */
	public boolean isStopEvent(WherebyWebhook webhook) {
		return this.stops.isStopEvent(webhook);
	}

	/**
	 * Frees the room of an assistant that ended on its own.
	 * @param event the event a launcher published
	 */
	@EventListener
	public void onAssistantEnded(AssistantEndedEvent event) {
		RoomKey room = new RoomKey(event.getAssistant(), event.getSubdomain(), event.getRoomName());
		this.ledger.change(room, (record) -> RoomRules.afterEnd(record, event.getLaunchKey()));
		logger.info("Assistant " + LogText.escape(event.getLaunchKey()) + " ended");
	}

	Map<String, ConfiguredLauncher> launchers() {
		return this.launchers;
	}

	RoomLedger ledger() {
		return this.ledger;
	}

	private ConfiguredLauncher launcher(String assistant) {
		ConfiguredLauncher launcher = this.launchers.get(assistant);
		if (launcher == null) {
			throw new IllegalStateException("No assistant named '" + assistant + "' is configured");
		}
		return launcher;
	}

}

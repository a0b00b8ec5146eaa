package io.github.wherebytrigger.launch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

import io.github.wherebytrigger.launch.RoomRecord.Claim;
import io.github.wherebytrigger.state.StateUnavailableException;

/**
 * The assistants the room-state store records as running: recovered from the launchers at
 * start-up (so that a restarted instance with the memory store does not launch them
 * twice), listed for {@code /actuator/assistants}, counted by the
 * {@code whereby.assistants.running} gauge (with Redis: those of every replica).
 */
final class RecordedAssistants implements SmartInitializingSingleton {

	static final String RUNNING = "whereby.assistants.running";

	private static final Log logger = LogFactory.getLog(RecordedAssistants.class);

	private final Map<String, ConfiguredLauncher> launchers;

	private final RoomLedger ledger;

	RecordedAssistants(AssistantCoordinator coordinator, MeterRegistry meterRegistry) {
		this.launchers = coordinator.launchers();
		this.ledger = coordinator.ledger();
		Gauge.builder(RUNNING, this, RecordedAssistants::count)
			.description("Assistants running, as the room-state store records them (with Redis: of every replica)")
			.register(meterRegistry);
	}

	/**
	 * Learns from each launcher which assistants already run; rooms the store knows
	 * already keep their record.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		for (ConfiguredLauncher launcher : this.launchers.values()) {
			try {
				List<RunningAssistant> recovered = launcher.launcher().recover();
				for (RunningAssistant assistant : recovered) {
					RoomKey room = new RoomKey(assistant.assistant(), assistant.subdomain(), assistant.roomName());
					Claim claim = new Claim(assistant.launchKey(), assistant.roomSessionId(), assistant.since(),
							assistant.since(), assistant.roomUrl(), null);
					this.ledger.change(room, (record) -> (record == null || record.claim() == null)
							? RoomRecord.orEmpty(record).withClaim(claim) : record);
				}
				if (!recovered.isEmpty()) {
					logger.info("Recovered " + recovered.size() + " running assistant(s) '" + launcher.assistant()
							+ "' from the " + launcher.type() + " launcher");
				}
			}
			catch (Exception ex) {
				logger.warn("Could not recover the running assistants '" + launcher.assistant() + "' from the "
						+ launcher.type() + " launcher; starting without them: " + ex);
			}
		}
	}

	/**
	 * The running assistants, with what their launcher says of them.
	 * @return the running assistants, oldest first
	 */
	List<AssistantState> list() {
		List<AssistantState> running = new ArrayList<>();
		this.ledger.all().forEach((key, record) -> {
			Claim claim = record.claim();
			RoomKey room = RoomKey.parse(key);
			ConfiguredLauncher launcher = this.launchers.get(room.assistant());
			if (claim != null && claim.launched() && launcher != null) {
				RunningAssistant assistant = of(room, claim);
				running.add(new AssistantState(assistant, launcher.type(), state(launcher, assistant)));
			}
		});
		running.sort(Comparator.comparing((AssistantState state) -> state.assistant().since()));
		return running;
	}

	/**
	 * The running assistant a claim records.
	 */
	static RunningAssistant of(RoomKey room, Claim claim) {
		return new RunningAssistant(room.assistant(), room.subdomain(), room.roomName(), claim.roomUrl(),
				claim.launchKey(), claim.since());
	}

	private static String state(ConfiguredLauncher launcher, RunningAssistant assistant) {
		try {
			return launcher.launcher().state(assistant);
		}
		catch (Exception ex) {
			return "unknown (" + ex.getClass().getSimpleName() + ")";
		}
	}

	private double count() {
		try {
			return this.ledger.all().values().stream().filter((r) -> r.claim() != null && r.claim().launched()).count();
		}
		catch (StateUnavailableException ex) {
			return Double.NaN;
		}
	}

	/**
	 * An assistant as the {@code assistants} endpoint shows it.
	 */
	record AssistantState(RunningAssistant assistant, String launcher, String state) {

	}

}

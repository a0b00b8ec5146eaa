package io.github.wherebytrigger.launch.command;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ApplicationEventPublisher;

import io.github.wherebytrigger.launch.AssistantEndedEvent;
import io.github.wherebytrigger.launch.AssistantLauncher;
import io.github.wherebytrigger.launch.LaunchRejectedException;
import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.launch.RunningAssistant;
import io.github.wherebytrigger.launch.StopRequest;
import io.github.wherebytrigger.system.LogText;

/**
 * Runs one local process per running assistant. Its output goes to this service's log,
 * prefixed with the room; stopping sends SIGTERM to the process and its descendants, then
 * kills what still runs after the grace period; a process that exits ends the assistant.
 * <p>
 * Each process is recorded in the state directory while it runs. At start-up
 * ({@link #recover()}) a process recorded by an instance that no longer runs is an orphan
 * of a crash: it is stopped, not adopted, because its output went to a pipe of the dead
 * JVM (its next write fails with EPIPE), and it is reported as running until it ended so
 * that its room is not given a second assistant meanwhile.
 */
class CommandLauncher implements AssistantLauncher, DisposableBean {

	private static final Log logger = LogFactory.getLog(CommandLauncher.class);

	private static final long WATCH_MILLIS = 100;

	private final String assistant;

	private final CommandLauncherProperties properties;

	private final AssistantCommand command;

	private final ProcessRecords records;

	private final ApplicationEventPublisher publisher;

	private final Map<String, AssistantProcess> processes = new ConcurrentHashMap<>();

	private final ProcessStops stops;

	/**
	 * Launch keys whose process this instance saw exit, so that they are not mistaken for
	 * processes of another replica or of an earlier run; the most recent ones only.
	 */
	private final Set<String> exited = Collections
		.newSetFromMap(Caffeine.newBuilder().maximumSize(10_000).<String, Boolean>build().asMap());

	private boolean shuttingDown;

	private long shutdownStarted;

	CommandLauncher(String assistant, CommandLauncherProperties properties, JsonMapper jsonMapper,
			ApplicationEventPublisher publisher) {
		this.assistant = assistant;
		this.properties = properties;
		this.command = new AssistantCommand(properties, jsonMapper);
		this.records = new ProcessRecords(properties.getStateDirectory().resolve(assistant), jsonMapper);
		this.publisher = publisher;
		this.stops = new ProcessStops(properties.getStopGracePeriod());
	}

	@Override
	public synchronized void launch(LaunchRequest request) throws IOException, LaunchRejectedException {
		if (this.shuttingDown) {
			throw new IOException("The service is shutting down");
		}
		AssistantProcess running = this.processes.get(request.launchKey());
		if (running != null && running.isAlive()) {
			if (running.orphan()) {
				throw new IOException("Process " + running.pid() + ", left with the same launch key by an earlier "
						+ "run of this service, is still being stopped");
			}
			return;
		}
		if (this.processes.size() >= this.properties.getMaxRunning()) {
			throw new IOException("Already " + this.processes.size() + " assistant processes running, the most "
					+ "whereby.launcher.command.max-running allows");
		}
		Process process = this.command.start(request);
		Optional<ProcessRecord> record = ProcessRecord.of(process.toHandle(), request);
		record.ifPresent(this.records::write);
		RunningAssistant assistant = record.map(ProcessRecord::runningAssistant)
			.orElseGet(() -> new RunningAssistant(request.assistant(), request.subdomain(), request.roomName(),
					request.roomUrl(), request.launchKey(), Instant.now()));
		AssistantProcess started = new AssistantProcess(tree(process.toHandle(), request.roomUrl()), assistant,
				record.orElse(null), false);
		this.processes.put(request.launchKey(), started);
		this.exited.remove(request.launchKey());
		process.onExit().thenRun(() -> ended(started, "exited with " + process.exitValue()));
		logger.info("Started assistant process " + process.pid() + " for " + LogText.escape(request.roomUrl()));
	}

	private void ended(AssistantProcess process, String how) {
		String launchKey = process.assistant().launchKey();
		if (this.processes.remove(launchKey, process)) {
			if (process.record() != null) {
				this.records.delete(process.record());
			}
			this.exited.add(launchKey);
			logger.info("Assistant process " + process.pid() + " for " + LogText.escape(process.assistant().roomUrl())
					+ " " + how);
			publishEnded(process.assistant());
		}
	}

	private void publishEnded(RunningAssistant assistant) {
		try {
			this.publisher.publishEvent(new AssistantEndedEvent(this, assistant));
		}
		catch (RuntimeException ex) {
			// While the service shuts down, its room-state store may be gone already.
			logger.warn("Could not free the room of assistant " + LogText.escape(assistant.launchKey()) + ": " + ex);
		}
	}

	@Override
	public void stop(StopRequest request) {
		if (request.launchKey() == null) {
			return;
		}
		AssistantProcess process = this.processes.get(request.launchKey());
		if (process != null) {
			this.stops.stop(process.tree());
		}
	}

	/**
	 * Finds the processes that an earlier run of this service left running when it ended
	 * without stopping them (killed, or crashed), and stops them. Records of processes
	 * that ended meanwhile are removed, and their rooms freed.
	 * @return the processes being stopped: they count as running until they ended
	 */
	@Override
	public synchronized List<RunningAssistant> recover() {
		List<RunningAssistant> orphans = new ArrayList<>();
		for (ProcessRecord record : this.records.readAll()) {
			if (record.ownerRuns()) {
				// Started by this instance, or by another one sharing the directory.
				continue;
			}
			String room = LogText.escape(record.roomUrl());
			Optional<ProcessHandle> process = ProcessTree.find(record.pid(), record.started());
			if (process.isEmpty()) {
				this.records.delete(record);
				this.exited.add(record.launchKey());
				logger.info("Assistant process " + record.pid() + " for " + room
						+ ", left by an earlier run of this service, has ended");
				publishEnded(record.runningAssistant());
				continue;
			}
			AssistantProcess orphan = new AssistantProcess(tree(process.get(), record.roomUrl()),
					record.runningAssistant(), record, true);
			if (this.processes.putIfAbsent(record.launchKey(), orphan) == null) {
				logger.warn("Stopping assistant process " + record.pid() + " for " + room
						+ ", left running by an earlier run of this service that ended without stopping it; "
						+ "its output went to that run and cannot be read");
				this.stops.stop(orphan.tree());
				watch(orphan);
				orphans.add(record.runningAssistant());
			}
		}
		return orphans;
	}

	/**
	 * Waits for an orphan to end: it is no child of this JVM, so there is no exit to be
	 * told of.
	 */
	private void watch(AssistantProcess orphan) {
		if (orphan.isAlive()) {
			CompletableFuture.delayedExecutor(WATCH_MILLIS, TimeUnit.MILLISECONDS).execute(() -> watch(orphan));
		}
		else {
			ended(orphan, "(left by an earlier run) ended");
		}
	}

	/**
	 * Whether the process of that launch key runs; {@code true} for a key this instance
	 * neither started nor found at start-up (another replica's): it cannot tell that it
	 * ended.
	 */
	@Override
	public boolean isRunning(RunningAssistant assistant) {
		AssistantProcess process = this.processes.get(assistant.launchKey());
		return (process != null) ? process.isAlive() : !this.exited.contains(assistant.launchKey());
	}

	@Override
	public String state(RunningAssistant assistant) {
		AssistantProcess process = this.processes.get(assistant.launchKey());
		if (process == null || !process.isAlive()) {
			return "exited";
		}
		return (process.orphan() ? "stopping, left by an earlier run (pid " : "running (pid ") + process.pid() + ")";
	}

	/**
	 * Up when the command can be executed; the details say how many processes run.
	 */
	@Override
	public Health health() {
		Health.Builder builder = this.command.isExecutable() ? Health.up()
				: Health.down().withDetail("error", "not executable");
		return builder.withDetail("command", this.command.program())
			.withDetail("running", this.processes.size())
			.withDetail("maxRunning", this.properties.getMaxRunning())
			.build();
	}

	/**
	 * Sends SIGTERM to every process and its descendants, once; no process starts after.
	 * @return the {@link System#nanoTime()} it did so at
	 */
	synchronized long terminateAll() {
		if (!this.shuttingDown) {
			this.shuttingDown = true;
			this.shutdownStarted = System.nanoTime();
			this.processes.values().forEach((process) -> this.stops.terminate(process.tree()));
		}
		return this.shutdownStarted;
	}

	/**
	 * Stops every process at shutdown: SIGTERM, up to the grace period for them to end,
	 * then SIGKILL for what still runs, and a short wait for that.
	 */
	@Override
	public void destroy() {
		this.stops.awaitOrKill(terminateAll());
		// Their exit handlers may not get to run before the JVM exits: no stale record.
		this.processes.values()
			.stream()
			.filter((process) -> !process.isAlive() && process.record() != null)
			.forEach((process) -> this.records.delete(process.record()));
	}

	private static ProcessTree tree(ProcessHandle root, String roomUrl) {
		return new ProcessTree(root, "process " + root.pid() + " for " + LogText.escape(roomUrl));
	}

	@Override
	public String toString() {
		return "command launcher of assistant '" + this.assistant + "'";
	}

}

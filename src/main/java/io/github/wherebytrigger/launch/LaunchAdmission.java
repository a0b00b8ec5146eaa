package io.github.wherebytrigger.launch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Turns for launcher calls: at most {@code max-concurrent-launches} calls of an assistant
 * run at once; the others wait, in arrival order, while their deadline allows. So a burst
 * that the launcher can serve within the deadline (its concurrency over its latency) is
 * queued rather than refused, and only what cannot be served in time is answered 503.
 */
final class LaunchAdmission {

	/**
	 * Calls waiting for their turn, by assistant.
	 */
	static final String QUEUED = "whereby.launcher.queued";

	/**
	 * How long calls waited for their turn, by assistant.
	 */
	static final String WAITED = "whereby.launcher.admission";

	private final MeterRegistry meterRegistry;

	private final Map<String, Semaphore> turns = new ConcurrentHashMap<>();

	LaunchAdmission(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Waits for a turn of the launcher until the deadline.
	 * @param launcher the launcher
	 * @param deadline the {@link System#nanoTime()} to give up at
	 * @return the turn to {@link Semaphore#release()} once the call ends, {@code null}
	 * when none came in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Nullable Semaphore await(ConfiguredLauncher launcher, long deadline) throws InterruptedException {
		Semaphore turns = turns(launcher);
		long start = System.nanoTime();
		try {
			return turns.tryAcquire(Math.max(0, deadline - start), TimeUnit.NANOSECONDS) ? turns : null;
		}
		finally {
			Timer.builder(WAITED)
				.description("How long launcher calls waited for their turn (max-concurrent-launches)")
				.tag("assistant", launcher.assistant())
				.register(this.meterRegistry)
				.record(Duration.ofNanos(System.nanoTime() - start));
		}
	}

	private Semaphore turns(ConfiguredLauncher launcher) {
		return this.turns.computeIfAbsent(launcher.assistant(), (assistant) -> {
			Semaphore turns = new Semaphore(launcher.maxConcurrentCalls(), true);
			Gauge.builder(QUEUED, turns, Semaphore::getQueueLength)
				.description("Launcher calls waiting for their turn (max-concurrent-launches)")
				.tag("assistant", assistant)
				.register(this.meterRegistry);
			return turns;
		});
	}

}

package io.github.wherebytrigger.launch;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.github.wherebytrigger.system.HandlingContext;

/**
 * Every call to a launcher goes through here: admitted by the assistant's
 * {@code max-concurrent-launches} (excess calls wait their turn while their deadline
 * allows: a burst is queued, not refused), run on the launch pool within the webhook's
 * deadline, retried with backoff while the deadline allows (a rejection is not retried),
 * timed ({@code whereby.launches}, {@code whereby.stops}) and observed for tracing.
 */
final class LauncherCalls implements DisposableBean {

	static final String LAUNCHES = "whereby.launches";

	static final String STOPS = "whereby.stops";

	/**
	 * Observation of each launch call, for tracing; its meters are switched off in favour
	 * of {@link #LAUNCHES}.
	 */
	static final String LAUNCH_OBSERVATION = "whereby.assistant.launch";

	/**
	 * Observation of each stop call, for tracing; its meters are switched off in favour
	 * of {@link #STOPS}.
	 */
	static final String STOP_OBSERVATION = "whereby.assistant.stop";

	private final LauncherProperties properties;

	private final MeterRegistry meterRegistry;

	private final ObservationRegistry observationRegistry;

	/**
	 * Threads are bounded by the admissions: one per admitted call.
	 */
	private final ExecutorService executor;

	private final LaunchAdmission admission;

	LauncherCalls(LauncherProperties properties, MeterRegistry meterRegistry, ObservationRegistry observationRegistry) {
		this.properties = properties;
		this.meterRegistry = meterRegistry;
		this.observationRegistry = observationRegistry;
		this.admission = new LaunchAdmission(meterRegistry);
		this.executor = HandlingContext.propagating(new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
				new SynchronousQueue<>(), new CustomizableThreadFactory("whereby-launch-")));
	}

	/**
	 * The deadline of a webhook that arrived then.
	 * @param arrivalNanos {@link System#nanoTime()} at its arrival
	 * @return the deadline, in {@link System#nanoTime()}
	 */
	long deadline(long arrivalNanos) {
		return arrivalNanos + this.properties.getDeadline().toNanos();
	}

	/**
	 * Launches, timed as {@code launched}, {@code rejected} or the failure.
	 * @throws LaunchRejectedException if the launcher refused
	 * @throws CallFailedException if it failed or was late
	 */
	void launch(ConfiguredLauncher launcher, LaunchRequest request, long deadline)
			throws LaunchRejectedException, CallFailedException {
		observed(LAUNCH_OBSERVATION, LAUNCHES, "launched", launcher, request.launchKey(), request.roomUrl(),
				() -> launcher.launcher().launch(request), deadline);
	}

	/**
	 * Stops, timed as {@code stopped}, {@code rejected} or the failure.
	 * @throws LaunchRejectedException if the launcher refused
	 * @throws CallFailedException if it failed or was late
	 */
	void stop(ConfiguredLauncher launcher, StopRequest request, long deadline)
			throws LaunchRejectedException, CallFailedException {
		observed(STOP_OBSERVATION, STOPS, "stopped", launcher, request.launchKey(), request.roomUrl(),
				() -> launcher.launcher().stop(request), deadline);
	}

	/**
	 * Whether the launcher says the assistant still runs; {@code true} when it cannot
	 * tell in time.
	 */
	boolean isRunning(ConfiguredLauncher launcher, RunningAssistant assistant, long deadline) {
		try {
			return withDeadline(launcher, () -> launcher.launcher().isRunning(assistant), deadline);
		}
		catch (LaunchRejectedException | CallFailedException ex) {
			return true;
		}
	}

	private void observed(String observation, String timer, String success, ConfiguredLauncher launcher,
			@Nullable String launchKey, String roomUrl, LauncherCall call, long deadline)
			throws LaunchRejectedException, CallFailedException {
		Observation observed = Observation.createNotStarted(observation, this.observationRegistry)
			.contextualName(observation.substring(observation.lastIndexOf('.') + 1) + " " + launcher.assistant())
			.lowCardinalityKeyValue("assistant", launcher.assistant())
			.lowCardinalityKeyValue("launcher", launcher.type())
			.highCardinalityKeyValue("launch.key", (launchKey != null) ? launchKey : "none")
			.highCardinalityKeyValue("room.url", roomUrl)
			.start();
		long start = System.nanoTime();
		String outcome = success;
		try (Observation.Scope scope = observed.openScope()) {
			withDeadline(launcher, () -> {
				retrying(call, deadline);
				return null;
			}, deadline);
		}
		catch (LaunchRejectedException ex) {
			outcome = "rejected";
			observed.error(ex);
			throw ex;
		}
		catch (CallFailedException ex) {
			outcome = ex.outcome();
			observed.error(ex);
			throw ex;
		}
		finally {
			record(timer, launcher, outcome, start);
			observed.stop();
		}
	}

	/**
	 * Calls the launcher with retries: transient failures are retried with exponential
	 * backoff until the deadline; a rejection is not retried.
	 */
	private void retrying(LauncherCall call, long deadline) throws Exception {
		LauncherProperties.Retry retry = this.properties.getRetry();
		RetryPolicy policy = RetryPolicy.builder()
			.maxRetries(Long.MAX_VALUE)
			.delay(retry.getInitialBackoff())
			.multiplier(retry.getMultiplier())
			.maxDelay(retry.getMaxBackoff())
			.timeout(Duration.ofNanos(remaining(deadline)))
			.predicate((failure) -> !(failure instanceof LaunchRejectedException)
					&& !(failure instanceof InterruptedException))
			.build();
		try {
			new RetryTemplate(policy).execute(() -> {
				call.run();
				return null;
			});
		}
		catch (RetryException ex) {
			if (ex.getLastException() instanceof Exception last) {
				throw last;
			}
			throw ex;
		}
	}

	/**
	 * Waits for the launcher's turn, runs the call on the launch pool and waits for it
	 * until the deadline, interrupting it when late.
	 */
	private <T> T withDeadline(ConfiguredLauncher launcher, Callable<T> call, long deadline)
			throws LaunchRejectedException, CallFailedException {
		Semaphore admission;
		try {
			admission = this.admission.await(launcher, deadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CallFailedException("interrupted", ex);
		}
		if (admission == null) {
			throw new CallFailedException("rejected-busy", null);
		}
		Future<T> pending;
		try {
			pending = this.executor.submit(() -> {
				try {
					return call.call();
				}
				finally {
					// Held until the call really ends, also when its caller gave up.
					admission.release();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			admission.release();
			throw new CallFailedException("rejected-busy", ex);
		}
		try {
			return pending.get(remaining(deadline), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof LaunchRejectedException rejected) {
				throw rejected;
			}
			throw new CallFailedException("failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			pending.cancel(true);
			throw new CallFailedException("timeout", ex);
		}
		catch (InterruptedException ex) {
			pending.cancel(true);
			Thread.currentThread().interrupt();
			throw new CallFailedException("interrupted", ex);
		}
	}

	private static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

	private void record(String name, ConfiguredLauncher launcher, String outcome, long startNanos) {
		Timer.builder(name)
			.description(name.equals(LAUNCHES) ? "Assistant launches, by assistant, launcher and outcome"
					: "Assistant stops, by assistant, launcher and outcome")
			.tag("assistant", launcher.assistant())
			.tag("launcher", launcher.type())
			.tag("outcome", outcome)
			.register(this.meterRegistry)
			.record(Duration.ofNanos(System.nanoTime() - startNanos));
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	@FunctionalInterface
	private interface LauncherCall {

		void run() throws Exception;

	}

}

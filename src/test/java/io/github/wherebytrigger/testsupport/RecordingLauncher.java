package io.github.wherebytrigger.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.wherebytrigger.launch.AssistantLauncher;
import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.launch.StopRequest;

/**
 * A launcher that records what it is asked: the launch key of every attempt, the launches
 * that succeeded and the stops. It can be made to fail (throw), always or a number of
 * times, or to be slow. Each launch is logged at INFO on the thread that runs it.
 */
public final class RecordingLauncher implements AssistantLauncher {

	/**
	 * The message of the exception a failing launch throws.
	 */
	public static final String FAILURE = "the assistant platform is down";

	private static final Logger logger = LoggerFactory.getLogger(RecordingLauncher.class);

	/**
	 * The launch key of every call, successful or not, in order.
	 */
	public final List<String> attempts = new CopyOnWriteArrayList<>();

	/**
	 * The launches that succeeded, in order.
	 */
	public final List<LaunchRequest> launches = new CopyOnWriteArrayList<>();

	/**
	 * The stops, in order.
	 */
	public final List<StopRequest> stops = new CopyOnWriteArrayList<>();

	/**
	 * Whether each call throws, as when the platform assistants run on is down.
	 */
	public final AtomicBoolean failing = new AtomicBoolean();

	/**
	 * How many of the next calls throw.
	 */
	public final AtomicInteger failuresLeft = new AtomicInteger();

	/**
	 * How long each call takes before it succeeds.
	 */
	public final AtomicLong delayMillis = new AtomicLong();

	@Override
	public void launch(LaunchRequest request) throws Exception {
		this.attempts.add(request.launchKey());
		logger.info("Recording launch of " + request.launchKey());
		if (this.failing.get() || this.failuresLeft.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			throw new IOException(FAILURE);
		}
		long delay = this.delayMillis.get();
		if (delay > 0) {
			Thread.sleep(delay);
		}
		this.launches.add(request);
	}

	@Override
	public void stop(StopRequest request) {
		this.stops.add(request);
	}

	/**
	 * Waits for the first stop.
	 * @param timeout how long to wait
	 * @return the first stop, or {@code null} if none came in time
	 */
	public @Nullable StopRequest awaitStop(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.stops.isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		return this.stops.isEmpty() ? null : this.stops.get(0);
	}

	/**
	 * Forgets everything recorded and makes calls succeed at once again.
	 */
	public void reset() {
		this.attempts.clear();
		this.launches.clear();
		this.stops.clear();
		this.failing.set(false);
		this.failuresLeft.set(0);
		this.delayMillis.set(0);
	}

}

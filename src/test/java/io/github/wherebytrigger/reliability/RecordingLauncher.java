package io.github.wherebytrigger.reliability;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.wherebytrigger.launch.AssistantLauncher;
import io.github.wherebytrigger.launch.LaunchRequest;

/**
 * A launcher that records what it is asked: the launch key of every attempt, and the
 * launches that succeeded. It can be made to fail (throw) or to be slow.
 */
final class RecordingLauncher implements AssistantLauncher {

	/**
	 * The launch key of every call, successful or not, in order.
	 */
	final List<String> attempts = new CopyOnWriteArrayList<>();

	/**
	 * The launches that succeeded, in order.
	 */
	final List<LaunchRequest> launches = new CopyOnWriteArrayList<>();

	/**
	 * Whether each call throws, as when the platform assistants run on is down.
	 */
	final AtomicBoolean failing = new AtomicBoolean();

	/**
	 * How long each call takes before it succeeds.
	 */
	final AtomicLong delayMillis = new AtomicLong();

	@Override
	public void launch(LaunchRequest request) throws Exception {
		this.attempts.add(request.launchKey());
		if (this.failing.get()) {
			throw new IOException("the assistant platform is down");
		}
		long delay = this.delayMillis.get();
		if (delay > 0) {
			Thread.sleep(delay);
		}
		this.launches.add(request);
	}

	void reset() {
		this.attempts.clear();
		this.launches.clear();
		this.failing.set(false);
		this.delayMillis.set(0);
	}

}

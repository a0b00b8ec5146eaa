package io.github.wherebytrigger.state;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Waits for a claim someone else holds (the first delivery of an event, a launch into a
 * room) to settle, by asking the store again with a growing pause: the holder may be
 * another replica, so there is nothing local to wait on. The one place the service waits
 * for another's work.
 */
public final class ClaimWait {

	private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

	private ClaimWait() {
	}

	/**
	 * Asks {@code settled} until it gives a value or the deadline passes.
	 * @param <T> the type of the settled value
	 * @param settled what the claim settled into, {@code null} while it is still held
	 * @param deadlineNanos the {@link System#nanoTime()} to give up at
	 * @return the settled value, or {@code null} when the deadline passed first
	 * @throws InterruptedException if interrupted while pausing
	 */
	public static <T> @Nullable T await(Supplier<@Nullable T> settled, long deadlineNanos) throws InterruptedException {
		long pause = FIRST_PAUSE_NANOS;
		while (true) {
			T value = settled.get();
			if (value != null) {
				return value;
			}
			long remaining = deadlineNanos - System.nanoTime();
			if (remaining <= 0) {
				return null;
			}
			TimeUnit.NANOSECONDS.sleep(Math.min(pause, remaining));
			pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
		}
	}

}

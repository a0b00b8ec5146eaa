package io.github.wherebytrigger.webhook;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.wherebytrigger.system.LogText;

/**
 * Logs why requests were refused (a wrong secret, a clock out of tolerance, a body too
 * large or too slow), at INFO, so that an operator sees it without turning DEBUG on; at
 * most {@link #BURST} lines per outcome every {@link #WINDOW_SECONDS} seconds, so that a
 * flood of forged requests does not become a flood of log lines, nor hide other reasons.
 * The first line after a window says how many were left out; {@code whereby.webhooks}
 * counts them all.
 */
final class RefusalLog {

	static final int BURST = 10;

	static final long WINDOW_SECONDS = 10;

	private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);

	private static final Log logger = LogFactory.getLog(RefusalLog.class);

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	/**
	 * Logs a refusal, unless too many of the same outcome were logged lately.
	 * @param outcome the outcome, as in {@code whereby.webhooks}
	 * @param reason why, without secrets
	 * @param arrivalNanos when the request arrived
	 */
	void refused(String outcome, String reason, long arrivalNanos) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		long now = System.nanoTime();
		int leftOutBefore = this.windows.computeIfAbsent(outcome, (key) -> new Window(now)).admit(now);
		if (leftOutBefore < 0) {
			return;
		}
		logger.info("Webhook refused: " + outcome + " (" + LogText.escape(reason) + "), in "
				+ ((now - arrivalNanos) / 1_000_000) + " ms" + ((leftOutBefore > 0)
						? "; " + leftOutBefore + " more refusals like it were not logged before this one" : ""));
	}

	/**
	 * The lines of one outcome in the current window.
	 */
	private static final class Window {

		private long start;

		private int logged;

		private int leftOut;

		Window(long start) {
			this.start = start;
		}

		/**
		 * Counts a refusal.
		 * @return -1 to leave it out, otherwise how many were left out in the window
		 * before
		 */
		synchronized int admit(long now) {
			int leftOutBefore = 0;
			if (now - this.start >= WINDOW_NANOS) {
				leftOutBefore = this.leftOut;
				this.start = now;
				this.logged = 0;
				this.leftOut = 0;
			}
			if (this.logged >= BURST) {
				this.leftOut++;
				return -1;
			}
			this.logged++;
			return leftOutBefore;
		}

	}

}

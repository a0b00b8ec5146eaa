package io.github.wherebytrigger.launch;

import org.jspecify.annotations.Nullable;

/**
 * A launcher call that failed in a way a later attempt may not: the launcher threw after
 * its retries, was late, or no thread was free.
 */
final class CallFailedException extends Exception {

	private final String outcome;

	CallFailedException(String outcome, @Nullable Throwable cause) {
		super(outcome, cause, false, false);
		this.outcome = outcome;
	}

	/**
	 * The outcome tag: {@code failed}, {@code timeout}, {@code rejected-busy} or
	 * {@code interrupted}.
	 */
	String outcome() {
		return this.outcome;
	}

	/**
	 * Whether the launcher may have carried the call out all the same: it was called and
	 * timed out or failed (a connection reset, a late answer), as opposed to never being
	 * called.
	 */
	boolean mayHaveRun() {
		return "timeout".equals(this.outcome) || "failed".equals(this.outcome);
	}

	String describe() {
		return switch (this.outcome) {
			case "timeout" -> "did not finish in time";
			case "rejected-busy" -> "had no free turn before the deadline (max-concurrent-launches)";
			default -> "failed";
		};
	}

}

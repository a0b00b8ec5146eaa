package io.github.wherebytrigger.launch;

import java.util.Collection;
import java.util.Comparator;

/**
 * What launching an assistant into a room came to.
 */
public enum LaunchOutcome {

	/**
	 * The launcher started it.
	 */
	LAUNCHED,

	/**
	 * The launcher refused the launch as misconfigured; retrying would not help.
	 */
	LAUNCH_REJECTED,

	/**
	 * It runs in that room already.
	 */
	ALREADY_RUNNING,

	/**
	 * A host removed it from this session; an {@code assistant.requested} brings it back.
	 */
	REMOVED,

	/**
	 * The event belongs to a session that has ended: a late redelivery.
	 */
	STALE;

	/**
	 * The outcome of launching several assistants for one event: the first of launched,
	 * rejected, already running, removed, stale.
	 * @param outcomes the outcome of each assistant, at least one
	 * @return the outcome that speaks for the event
	 */
	public static LaunchOutcome of(Collection<LaunchOutcome> outcomes) {
		return outcomes.stream().min(Comparator.naturalOrder()).orElseThrow();
	}

}

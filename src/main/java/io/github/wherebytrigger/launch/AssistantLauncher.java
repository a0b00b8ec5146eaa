package io.github.wherebytrigger.launch;

import java.util.List;

import org.springframework.boot.health.contributor.Health;

/**
 * Starts an assistant wherever assistants run (a Kubernetes Job, a worker pool, a local
 * process...) and stops it when its meeting ends. The service ships one per
 * {@code whereby.launcher.type}; define a bean of this type to use your own for every
 * assistant instead.
 * <p>
 * {@link #launch} runs with a deadline ({@code whereby.launcher.deadline}, counted from
 * the webhook's arrival) and is retried with backoff within it when it throws. When it
 * still fails, or misses the deadline, the webhook is answered 503, nothing is recorded
 * as launched, and Whereby's redelivery calls it again with the same
 * {@link LaunchRequest#launchKey() launch key}: launchers use that key to make a repeated
 * launch harmless.
 */
public interface AssistantLauncher {

	/**
	 * Starts the assistant. Returns once the assistant is started or reliably scheduled
	 * to start; returning normally when it already runs under the same launch key is
	 * right.
	 * @param request what to start, and where
	 * @throws LaunchRejectedException if the launch can never succeed as configured
	 * (answered 200 {@code launch-rejected}, not retried)
	 * @throws Exception if the assistant could not be started this time (retried)
	 */
	void launch(LaunchRequest request) throws Exception;

	/**
	 * Stops the assistant of a room, when its meeting ended. Called for every stop event
	 * of a room, with the launch key when this service knows what it launched there, and
	 * without one otherwise (launchers that can find assistants by room, like the
	 * Kubernetes one, stop them anyway). Does nothing by default.
	 * @param request which assistant to stop
	 * @throws Exception if the assistant could not be stopped (retried, then 503)
	 */
	default void stop(StopRequest request) throws Exception {
	}

	/**
	 * Whether an assistant this service launched still runs. Asked when a trigger fires
	 * in a room that has one, so that an assistant that ended on its own is replaced.
	 * @param assistant the assistant
	 * @return {@code false} only when it is known to have ended
	 * @throws Exception if that cannot be told now (it then counts as running)
	 */
	default boolean isRunning(RunningAssistant assistant) throws Exception {
		return true;
	}

	/**
	 * The assistants this launcher finds running at start-up, so that a restarted
	 * instance knows what runs.
	 * @return the running assistants, none by default
	 * @throws Exception if they could not be listed (start-up goes on without them)
	 */
	default List<RunningAssistant> recover() throws Exception {
		return List.of();
	}

	/**
	 * A short, non-secret description of the assistant's state for the
	 * {@code /actuator/assistants} view, for example {@code active}.
	 * @param assistant the assistant
	 * @return the state
	 * @throws Exception if the state could not be read
	 */
	default String state(RunningAssistant assistant) throws Exception {
		return "launched";
	}

	/**
	 * Whether this launcher can reach where assistants run, for Actuator's health.
	 * Details must not contain secrets.
	 * @return the health, up by default
	 */
	default Health health() {
		return Health.up().build();
	}

}

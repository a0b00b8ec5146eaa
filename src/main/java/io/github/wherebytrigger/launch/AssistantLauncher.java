package io.github.wherebytrigger.launch;

/**
 * Starts an assistant wherever assistants run (a Kubernetes Job, a worker pool, a local
 * process...) and stops it when its meeting ends. Define a bean of this type to replace
 * the default, which only logs.
 * <p>
 * {@link #launch} runs with a deadline ({@code whereby.launcher.deadline}, counted from
 * the webhook's arrival); when it throws or misses the deadline the webhook is answered
 * 503, nothing is recorded as launched, and Whereby's redelivery calls it again with the
 * same {@link LaunchRequest#launchKey() launch key}. Launchers should use that key to
 * make a repeated launch harmless.
 */
public interface AssistantLauncher {

	/**
	 * Starts the assistant. Returns once the assistant is started or reliably scheduled
	 * to start.
	 * @param request what to start, and where
	 * @throws Exception if the assistant could not be started; the webhook is then
	 * delivered again
	 */
	void launch(LaunchRequest request) throws Exception;

	/**
	 * Stops the assistant a previous {@link #launch} started, when its room's session
	 * ended. Does nothing by default.
	 * @param request which assistant to stop
	 * @throws Exception if the assistant could not be stopped
	 */
	default void stop(StopRequest request) throws Exception {
	}

}

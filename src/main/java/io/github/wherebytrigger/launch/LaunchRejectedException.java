package io.github.wherebytrigger.launch;

/**
 * The place assistants run refused the launch in a way that retrying cannot fix, such as
 * a worker answering 400 or 403: a configuration error. The webhook is answered 200 with
 * outcome {@code launch-rejected} (a 503 would only make Whereby repeat it), the
 * rejection is logged as an error and counted.
 */
public class LaunchRejectedException extends Exception {

	/**
	 * Creates the exception.
	 * @param message what was refused and why, without secrets
	 */
	public LaunchRejectedException(String message) {
		super(message);
	}

}

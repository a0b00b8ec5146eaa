package io.github.wherebytrigger.launch;

import org.jspecify.annotations.Nullable;

/**
 * A launch or stop did not happen this time, in a way a later attempt may fix: the
 * launcher failed or was late, or the room-state store could not be reached. Nothing is
 * recorded as launched; the caller should have the event delivered again.
 */
public class LauncherUnavailableException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what failed, safe to show to the caller
	 * @param cause the underlying failure, or {@code null}
	 */
	public LauncherUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}

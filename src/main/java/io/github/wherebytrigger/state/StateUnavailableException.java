package io.github.wherebytrigger.state;

/**
 * The room-state store could not answer (Redis down or slow). Nothing was decided: the
 * webhook is answered 503 with {@code Retry-After}, and no assistant is launched without
 * its claim.
 */
public class StateUnavailableException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what could not be done, safe to show to the caller
	 * @param cause the store's failure
	 */
	public StateUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}

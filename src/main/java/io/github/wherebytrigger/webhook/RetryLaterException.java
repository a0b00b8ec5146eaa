package io.github.wherebytrigger.webhook;

import org.jspecify.annotations.Nullable;

/**
 * Handling a webhook failed in a way a redelivery may fix (a launcher down or slow, a
 * trigger past its deadline). Answered 503 with {@code Retry-After}, so Whereby delivers
 * the event again; nothing is recorded as handled.
 */
public class RetryLaterException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what failed, safe to show to the caller
	 * @param cause the underlying failure, or {@code null}
	 */
	public RetryLaterException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}

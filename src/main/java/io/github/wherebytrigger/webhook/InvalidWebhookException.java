package io.github.wherebytrigger.webhook;

/**
 * A signed request whose body is not a webhook this service can read: not JSON, or a
 * required field missing or of the wrong type. The message names the field and never
 * quotes the body.
 */
class InvalidWebhookException extends RuntimeException {

	InvalidWebhookException(String message) {
		super(message, null, false, false);
	}

}

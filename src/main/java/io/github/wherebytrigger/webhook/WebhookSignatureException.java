package io.github.wherebytrigger.webhook;

/**
 * A {@code Whereby-Signature} header that does not prove the request came from Whereby.
 * The message says why, for logs at debug level; it never contains the secret or the
 * signature.
 */
public class WebhookSignatureException extends Exception {

	private final Reason reason;

	WebhookSignatureException(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	/**
	 * Why the signature was refused.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a signature was refused.
	 */
	public enum Reason {

		/**
		 * No {@code Whereby-Signature} header.
		 */
		MISSING,

		/**
		 * The header is not {@code t=<unix seconds>,v1=<hex>}.
		 */
		MALFORMED,

		/**
		 * The timestamp is further from now than the tolerance, in either direction.
		 */
		EXPIRED,

		/**
		 * No configured secret produces the given signature.
		 */
		MISMATCH

	}

}

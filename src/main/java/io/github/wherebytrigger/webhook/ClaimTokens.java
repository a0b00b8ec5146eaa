package io.github.wherebytrigger.webhook;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Values that tell one claim on an event id from another, unique across replicas: this
 * process's random id and a counter.
 */
final class ClaimTokens {

	private static final String PROCESS = "c" + HexFormat.of().toHexDigits(new SecureRandom().nextLong()) + ":";

	private static final AtomicLong counter = new AtomicLong();

	private ClaimTokens() {
	}

	/**
	 * A claim value no other claim has.
	 * @return the value, starting with {@code c}
	 */
	static String next() {
		return PROCESS + counter.incrementAndGet();
	}

}

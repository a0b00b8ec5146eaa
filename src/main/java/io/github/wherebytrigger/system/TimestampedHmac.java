package io.github.wherebytrigger.system;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.util.Assert;

/**
 * The signing scheme Whereby uses for its webhooks, and this service for its calls to an
 * HTTP worker: {@code t=<unix seconds>,v1=<lowercase hex HMAC-SHA256 of "<t>.<body>">},
 * the same as Stripe's. Here so that the inbound check and the outbound signature share
 * it without depending on each other.
 */
public final class TimestampedHmac {

	/**
	 * Length of an HMAC-SHA256, in bytes.
	 */
	public static final int SIGNATURE_BYTES = 32;

	private static final String ALGORITHM = "HmacSHA256";

	private static final HexFormat HEX = HexFormat.of();

	private TimestampedHmac() {
	}

	/**
	 * The signature header value for a body.
	 * @param secret the signing secret
	 * @param epochSeconds the timestamp to sign, in seconds since the epoch
	 * @param body the raw body
	 * @return {@code t=<epochSeconds>,v1=<hex>}
	 */
	public static String header(String secret, long epochSeconds, byte[] body) {
		return "t=" + epochSeconds + ",v1=" + HEX.formatHex(sign(keyed(secret), epochSeconds, body));
	}

	/**
	 * A {@link Mac} initialised with a secret.
	 * @param secret the secret, not empty
	 * @return the Mac
	 */
	public static Mac keyed(String secret) {
		Assert.hasLength(secret, "A signing secret must not be empty");
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	/**
	 * A copy of an initialised {@link Mac}: cheaper than a new one (no provider lookup or
	 * key set-up).
	 * @param prototype the Mac to copy
	 * @return the copy
	 */
	public static Mac copy(Mac prototype) {
		try {
			return (Mac) prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("The HMAC-SHA256 provider cannot copy a Mac", ex);
		}
	}

	/**
	 * The signature of a body at a time, with a Mac of its own (it is used up).
	 * @param mac an initialised Mac, not shared
	 * @param epochSeconds the timestamp
	 * @param body the raw body
	 * @return the HMAC bytes
	 */
	public static byte[] sign(Mac mac, long epochSeconds, byte[] body) {
		mac.update(Long.toString(epochSeconds).getBytes(StandardCharsets.US_ASCII));
		mac.update((byte) '.');
		return mac.doFinal(body);
	}

}

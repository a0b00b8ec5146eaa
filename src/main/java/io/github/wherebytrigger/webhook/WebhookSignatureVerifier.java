package io.github.wherebytrigger.webhook;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import io.github.wherebytrigger.system.TimestampedHmac;

import io.github.wherebytrigger.webhook.WebhookSignatureException.Reason;

/**
 * Verifies {@code Whereby-Signature} headers ({@link TimestampedHmac}):
 * {@code t=<unix seconds>,v1=<lowercase hex HMAC-SHA256 of "<t>.<raw body>">}.
 * <p>
 * The signature is checked over the raw bytes as received, before any parsing, against
 * every configured secret (so secrets can be rotated without downtime), in constant time;
 * then the timestamp must lie within the tolerance of the clock, in either direction.
 */
public final class WebhookSignatureVerifier {

	private static final HexFormat HEX = HexFormat.of();

	/**
	 * One initialised {@link Mac} per secret, never used itself: each check works on a
	 * clone, which skips the provider lookup and key set-up a new instance costs (about
	 * 3% of a webhook's handling).
	 */
	private final List<Mac> prototypes;

	private final long toleranceSeconds;

	private final Clock clock;

	/**
	 * Creates a verifier.
	 * @param secrets the signing secrets, any of which may have signed a request
	 * @param tolerance how far the signed timestamp may be from now, in either direction
	 * @param clock the clock that says what now is
	 */
	public WebhookSignatureVerifier(List<String> secrets, Duration tolerance, Clock clock) {
		Assert.notEmpty(secrets, "At least one signing secret is required");
		Assert.isTrue(!tolerance.isNegative(), "Tolerance must not be negative");
		this.prototypes = secrets.stream().map(TimestampedHmac::keyed).toList();
		// A provider that cannot copy its Mac fails here, at start-up, not per request.
		this.prototypes.forEach(TimestampedHmac::copy);
		this.toleranceSeconds = tolerance.toSeconds();
		this.clock = clock;
	}

	/**
	 * Checks that a request body was signed with one of the secrets, recently.
	 * @param body the raw request body
	 * @param header the {@code Whereby-Signature} header, or {@code null} when absent
	 * @throws WebhookSignatureException if the header is missing, malformed, wrong or
	 * outside the tolerance
	 */
	public void verify(byte[] body, @Nullable String header) throws WebhookSignatureException {
		if (header == null || header.isBlank()) {
			throw new WebhookSignatureException(Reason.MISSING, "No Whereby-Signature header");
		}
		ParsedHeader parsed = ParsedHeader.parse(header);
		if (!matchesAnyKey(parsed, body)) {
			throw new WebhookSignatureException(Reason.MISMATCH, "Signature does not match any signing secret");
		}
		long age = this.clock.instant().getEpochSecond() - parsed.timestamp();
		if (Math.abs(age) > this.toleranceSeconds) {
			throw new WebhookSignatureException(Reason.EXPIRED, "Signature timestamp is " + age
					+ " s from now, beyond the tolerance of " + this.toleranceSeconds + " s");
		}
	}

	private boolean matchesAnyKey(ParsedHeader header, byte[] body) {
		boolean matched = false;
		for (Mac prototype : this.prototypes) {
			byte[] expected = TimestampedHmac.sign(TimestampedHmac.copy(prototype), header.timestamp(), body);
			for (byte[] candidate : header.signatures()) {
				// Non-short-circuit so every key and candidate costs the same time.
				matched |= MessageDigest.isEqual(expected, candidate);
			}
		}
		return matched;
	}

	/**
	 * Creates the {@code Whereby-Signature} header value for a body, the way Whereby
	 * does: for tests and tools that send webhooks.
	 * @param secret the signing secret
	 * @param epochSeconds the timestamp to sign, in seconds since the epoch
	 * @param body the raw request body
	 * @return the header value, {@code t=<epochSeconds>,v1=<hex>}
	 */
	public static String sign(String secret, long epochSeconds, byte[] body) {
		return TimestampedHmac.header(secret, epochSeconds, body);
	}

	private record ParsedHeader(long timestamp, List<byte[]> signatures) {

		static ParsedHeader parse(String header) throws WebhookSignatureException {
			Long timestamp = null;
			List<byte[]> signatures = new ArrayList<>(1);
			boolean sawV1 = false;
			for (String part : header.split(",", 8)) {
				int equals = part.indexOf('=');
				if (equals < 0) {
					continue;
				}
				String name = part.substring(0, equals).strip();
				String value = part.substring(equals + 1).strip();
				if (name.equals("t")) {
					timestamp = parseTimestamp(value);
				}
				else if (name.equals("v1")) {
					sawV1 = true;
					byte[] signature = parseSignature(value);
					if (signature != null) {
						signatures.add(signature);
					}
				}
			}
			if (timestamp == null) {
				throw new WebhookSignatureException(Reason.MALFORMED, "Whereby-Signature has no t=<unix seconds> part");
			}
			if (!sawV1) {
				throw new WebhookSignatureException(Reason.MALFORMED, "Whereby-Signature has no v1=<hex> part");
			}
			return new ParsedHeader(timestamp, signatures);
		}

		private static long parseTimestamp(String value) throws WebhookSignatureException {
			if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch((c) -> c >= '0' && c <= '9')) {
				throw new WebhookSignatureException(Reason.MALFORMED,
						"Whereby-Signature t is not a number of seconds (" + value.length() + " characters)");
			}
			return Long.parseLong(value);
		}

		private static byte @Nullable [] parseSignature(String value) {
			// A v1 of the wrong length or with non-hex characters can never match: treat
			// it
			// as a mismatch rather than an error.
			if (value.length() != TimestampedHmac.SIGNATURE_BYTES * 2) {
				return null;
			}
			return value.chars().allMatch(HexFormat::isHexDigit) ? HEX.parseHex(value) : null;
		}

	}

}

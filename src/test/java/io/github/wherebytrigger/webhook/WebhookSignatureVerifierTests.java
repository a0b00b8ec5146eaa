package io.github.wherebytrigger.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import io.github.wherebytrigger.webhook.WebhookSignatureException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link WebhookSignatureVerifier}: the shared test vectors, computed by two
 * independent HMAC implementations, and the cases around them.
 */
class WebhookSignatureVerifierTests {

	private static final String SECRET = "whsec_3f9c2e7a41b84d0c9e1a7b6d5c4f3e2a";

	private static final String OTHER_SECRET = "whsec_rotated_0a1b2c3d4e5f6a7b8c9d0e1f";

	private static final long NOW = 1_795_169_700L;

	private static final Duration TOLERANCE = Duration.ofSeconds(300);

	private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"room.client.joined\"}"
		.getBytes(StandardCharsets.UTF_8);

	private static final String MAY_BE_MALFORMED = "may also be reported as malformed-header";

	@ParameterizedTest
	@MethodSource("vectors")
	void verifyAgreesWithSharedTestVector(SignatureVector vector) {
		WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(List.of(vector.secret()),
				Duration.ofSeconds(vector.toleranceSeconds()), clockAt(vector.nowEpochSeconds()));
		byte[] body = Base64.getDecoder().decode(vector.bodyBase64());
		ThrowingCallable verification = () -> verifier.verify(body, vector.header());
		switch (vector.expect()) {
			case "valid" -> assertThatNoException().isThrownBy(verification);
			case "invalid-signature" -> {
				if (vector.note() != null && vector.note().contains(MAY_BE_MALFORMED)) {
					assertRefused(verification, Reason.MISMATCH, Reason.MALFORMED);
				}
				else {
					assertRefused(verification, Reason.MISMATCH);
				}
			}
			case "expired" -> assertRefused(verification, Reason.EXPIRED);
			case "malformed-header" ->
				assertRefused(verification, vector.header().isEmpty() ? Reason.MISSING : Reason.MALFORMED);
			default -> throw new IllegalStateException("Unknown expectation '" + vector.expect() + "'");
		}
	}

	@Test
	void sharedTestVectorsCoverEveryExpectation() throws IOException {
		Set<String> expectations = readVectors().stream().map(SignatureVector::expect).collect(Collectors.toSet());
		assertThat(expectations).containsExactlyInAnyOrder("valid", "invalid-signature", "expired", "malformed-header");
	}

	@Test
	void signProducesTheHeaderOfTheSharedTestVector() throws IOException {
		SignatureVector vector = readVectors().get(0);
		assertThat(vector.expect()).isEqualTo("valid");
		byte[] body = Base64.getDecoder().decode(vector.bodyBase64());
		long timestamp = Long.parseLong(vector.header().substring(2, vector.header().indexOf(',')));
		assertThat(WebhookSignatureVerifier.sign(vector.secret(), timestamp, body)).isEqualTo(vector.header());
	}

	@Test
	void signRoundTripsWithVerify() {
		String header = WebhookSignatureVerifier.sign(SECRET, NOW, BODY);
		assertThat(header).matches("t=" + NOW + ",v1=[0-9a-f]{64}");
		assertThatNoException().isThrownBy(() -> verifier(SECRET).verify(BODY, header));
	}

	@Test
	void verifyAcceptsBodySignedWithEitherOfTwoSecrets() {
		WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(List.of(SECRET, OTHER_SECRET), TOLERANCE,
				clockAt(NOW));
		assertThatNoException()
			.isThrownBy(() -> verifier.verify(BODY, WebhookSignatureVerifier.sign(SECRET, NOW, BODY)));
		assertThatNoException()
			.isThrownBy(() -> verifier.verify(BODY, WebhookSignatureVerifier.sign(OTHER_SECRET, NOW, BODY)));
		assertRefused(() -> verifier.verify(BODY, WebhookSignatureVerifier.sign("whsec_unknown", NOW, BODY)),
				Reason.MISMATCH);
	}

	@Test
	void verifyRejectsBodySignedWithASecretNoLongerConfigured() {
		String header = WebhookSignatureVerifier.sign(OTHER_SECRET, NOW, BODY);
		assertRefused(() -> verifier(SECRET).verify(BODY, header), Reason.MISMATCH);
	}

	@Test
	void verifyRejectsBodyChangedAfterSigning() {
		String header = WebhookSignatureVerifier.sign(SECRET, NOW, BODY);
		byte[] changed = BODY.clone();
		changed[changed.length - 2] = 'X';
		assertRefused(() -> verifier(SECRET).verify(changed, header), Reason.MISMATCH);
	}

	@Test
	void verifyAcceptsTimestampExactlyAtTolerance() {
		WebhookSignatureVerifier verifier = verifier(SECRET);
		assertThatNoException()
			.isThrownBy(() -> verifier.verify(BODY, WebhookSignatureVerifier.sign(SECRET, NOW - 300, BODY)));
		assertThatNoException()
			.isThrownBy(() -> verifier.verify(BODY, WebhookSignatureVerifier.sign(SECRET, NOW + 300, BODY)));
	}

	@Test
	void verifyRejectsTimestampOlderThanTolerance() {
		String header = WebhookSignatureVerifier.sign(SECRET, NOW - 301, BODY);
		assertRefused(() -> verifier(SECRET).verify(BODY, header), Reason.EXPIRED);
	}

	@Test
	void verifyRejectsTimestampFurtherInTheFutureThanTolerance() {
		String header = WebhookSignatureVerifier.sign(SECRET, NOW + 301, BODY);
		assertRefused(() -> verifier(SECRET).verify(BODY, header), Reason.EXPIRED);
	}

	@Test
	void verifyReportsWrongSignatureAsMismatchEvenWhenTimestampIsExpired() {
		String header = WebhookSignatureVerifier.sign(OTHER_SECRET, NOW - 3600, BODY);
		assertRefused(() -> verifier(SECRET).verify(BODY, header), Reason.MISMATCH);
	}

	@Test
	void verifyReportsNullHeaderAsMissing() {
		assertRefused(() -> verifier(SECRET).verify(BODY, null), Reason.MISSING);
	}

	@Test
	void verifyReportsEmptyOrBlankHeaderAsMissing() {
		assertRefused(() -> verifier(SECRET).verify(BODY, ""), Reason.MISSING);
		assertRefused(() -> verifier(SECRET).verify(BODY, "  "), Reason.MISSING);
	}

	@Test
	void verifyAcceptsUppercaseHex() {
		String header = WebhookSignatureVerifier.sign(SECRET, NOW, BODY);
		String uppercase = "t=" + NOW + ",v1=" + v1(header).toUpperCase(Locale.ROOT);
		assertThatNoException().isThrownBy(() -> verifier(SECRET).verify(BODY, uppercase));
	}

	@Test
	void verifyAcceptsWhenOneOfSeveralV1PartsMatches() {
		String good = v1(WebhookSignatureVerifier.sign(SECRET, NOW, BODY));
		String stale = v1(WebhookSignatureVerifier.sign(OTHER_SECRET, NOW, BODY));
		WebhookSignatureVerifier verifier = verifier(SECRET);
		assertThatNoException().isThrownBy(() -> verifier.verify(BODY, "t=" + NOW + ",v1=" + stale + ",v1=" + good));
		assertThatNoException().isThrownBy(() -> verifier.verify(BODY, "t=" + NOW + ",v1=" + good + ",v1=" + stale));
		assertThatNoException().isThrownBy(() -> verifier.verify(BODY, "t=" + NOW + ",v1=zzzz,v1=" + good));
	}

	@Test
	void verifyRejectsWhenNoneOfSeveralV1PartsMatches() {
		String stale = v1(WebhookSignatureVerifier.sign(OTHER_SECRET, NOW, BODY));
		String header = "t=" + NOW + ",v1=" + stale + ",v1=" + "0".repeat(64);
		assertRefused(() -> verifier(SECRET).verify(BODY, header), Reason.MISMATCH);
	}

	@Test
	void verifyAcceptsPartsInAnyOrder() {
		String good = v1(WebhookSignatureVerifier.sign(SECRET, NOW, BODY));
		assertThatNoException().isThrownBy(() -> verifier(SECRET).verify(BODY, "v1=" + good + ",t=" + NOW));
	}

	@Test
	void verifyReportsNonAsciiDigitsInTimestampAsMalformed() {
		String good = v1(WebhookSignatureVerifier.sign(SECRET, NOW, BODY));
		// 1795169700 in Arabic-Indic digits: Character.isDigit accepts them.
		String arabicIndic = "\u0661\u0667\u0669\u0665\u0661\u0666\u0669\u0667\u0660\u0660";
		assertRefused(() -> verifier(SECRET).verify(BODY, "t=" + arabicIndic + ",v1=" + good), Reason.MALFORMED);
		// The same in fullwidth digits.
		String fullwidth = "\uFF11\uFF17\uFF19\uFF15\uFF11\uFF16\uFF19\uFF17\uFF10\uFF10";
		assertRefused(() -> verifier(SECRET).verify(BODY, "t=" + fullwidth + ",v1=" + good), Reason.MALFORMED);
	}

	@Test
	void verifyReportsSignedOrOverlongTimestampAsMalformed() {
		String good = v1(WebhookSignatureVerifier.sign(SECRET, NOW, BODY));
		WebhookSignatureVerifier verifier = verifier(SECRET);
		assertRefused(() -> verifier.verify(BODY, "t=-" + NOW + ",v1=" + good), Reason.MALFORMED);
		assertRefused(() -> verifier.verify(BODY, "t=+" + NOW + ",v1=" + good), Reason.MALFORMED);
		assertRefused(() -> verifier.verify(BODY, "t=" + "9".repeat(40) + ",v1=" + good), Reason.MALFORMED);
		assertRefused(() -> verifier.verify(BODY, "t=,v1=" + good), Reason.MALFORMED);
	}

	@Test
	void verifyReportsHeaderWithoutPartsAsMalformed() {
		assertRefused(() -> verifier(SECRET).verify(BODY, "garbage"), Reason.MALFORMED);
		assertRefused(() -> verifier(SECRET).verify(BODY, ",,,"), Reason.MALFORMED);
	}

	@Test
	void exceptionMessageNeverContainsSecretOrSignature() {
		String good = v1(WebhookSignatureVerifier.sign(SECRET, NOW, BODY));
		String wrong = v1(WebhookSignatureVerifier.sign(OTHER_SECRET, NOW, BODY));
		String expired = WebhookSignatureVerifier.sign(SECRET, NOW - 3600, BODY);
		List<String> refusedHeaders = List.of("t=" + NOW + ",v1=" + wrong, expired, "t=" + NOW + "x,v1=" + good,
				"v1=" + good, "t=" + NOW);
		WebhookSignatureVerifier verifier = verifier(SECRET);
		for (String header : refusedHeaders) {
			assertThatExceptionOfType(WebhookSignatureException.class).isThrownBy(() -> verifier.verify(BODY, header))
				.satisfies((ex) -> assertThat(ex.getMessage()).isNotBlank()
					.doesNotContain(SECRET)
					.doesNotContain(OTHER_SECRET)
					.doesNotContain(good.substring(0, 16))
					.doesNotContain(wrong.substring(0, 16))
					.doesNotContain(v1(expired).substring(0, 16)));
		}
	}

	@Test
	void createRejectsNoSecrets() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WebhookSignatureVerifier(List.of(), TOLERANCE, clockAt(NOW)));
	}

	@Test
	void createRejectsEmptySecret() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WebhookSignatureVerifier(List.of(SECRET, ""), TOLERANCE, clockAt(NOW)));
	}

	@Test
	void createRejectsNegativeTolerance() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WebhookSignatureVerifier(List.of(SECRET), Duration.ofSeconds(-1), clockAt(NOW)));
	}

	private static void assertRefused(ThrowingCallable verification, Reason... expected) {
		assertThatExceptionOfType(WebhookSignatureException.class).isThrownBy(verification)
			.satisfies((ex) -> assertThat(ex.reason()).isIn((Object[]) expected));
	}

	private static WebhookSignatureVerifier verifier(String secret) {
		return new WebhookSignatureVerifier(List.of(secret), TOLERANCE, clockAt(NOW));
	}

	private static Clock clockAt(long epochSeconds) {
		return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
	}

	private static String v1(String header) {
		return header.substring(header.indexOf("v1=") + 3);
	}

	static Stream<Arguments> vectors() throws IOException {
		return readVectors().stream().map((vector) -> Arguments.of(Named.of(vector.name(), vector)));
	}

	private static List<SignatureVector> readVectors() throws IOException {
		try (InputStream input = new ClassPathResource("whereby-signature.json").getInputStream()) {
			List<SignatureVector> cases = JsonMapper.builder().build().readValue(input, SignatureVectors.class).cases();
			assertThat(cases).isNotEmpty();
			return cases;
		}
	}

	record SignatureVectors(String description, List<SignatureVector> cases) {

	}

	record SignatureVector(String name, String expect, String secret, long toleranceSeconds, long nowEpochSeconds,
			String header, String bodyBase64, @Nullable String note) {

	}

}

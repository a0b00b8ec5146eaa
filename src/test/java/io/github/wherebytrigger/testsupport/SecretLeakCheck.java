package io.github.wherebytrigger.testsupport;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that no secret leaks while a test class runs:
 * {@code @RegisterExtension static final SecretLeakCheck secrets = new SecretLeakCheck();}.
 * From before the application starts until the class is done, every log line reaching the
 * root logger is captured (see {@link LogCapture}), with {@code io.github.wherebytrigger}
 * and {@code org.springframework.web} at DEBUG; the tests hand every answer they receive
 * (status, headers, body) to {@link #record}, as a {@link WebhookClient} made with this
 * check does. After the class, none may contain the signing secret, the assistant key (as
 * text, hex or base64) or any {@code v1} signature the tests sent.
 */
public final class SecretLeakCheck implements BeforeAllCallback, AfterAllCallback {

	/**
	 * The webhook signing secret every test class with this check configures and signs
	 * with.
	 */
	public static final String SIGNING_SECRET = "whsec_rel_5b1e0c7a94d2f3";

	/**
	 * The assistant key: only ever stored in a Secret of the mock API server; the
	 * application is given a reference to that Secret, never the value.
	 */
	public static final String ASSISTANT_KEY = "wak_marker_3f8d61c0e7a5b9";

	private static final Pattern V1 = Pattern.compile("v1=([0-9a-f]{64})");

	private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");

	private final Queue<String> answers = new ConcurrentLinkedQueue<>();

	private final Set<String> signatures = ConcurrentHashMap.newKeySet();

	private final LogCapture logs = new LogCapture();

	@Override
	public void beforeAll(ExtensionContext context) {
		this.logs.start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.logs.stop();
		assertNoLeak();
	}

	/**
	 * Keeps an answer for the check.
	 * @param response the answer
	 */
	public void record(HttpResponse<String> response) {
		this.answers.add(response.statusCode() + " " + response.headers().map() + "\n" + response.body());
	}

	/**
	 * Keeps an answer read from a socket, status line, headers and body.
	 * @param raw the answer as received
	 */
	public void record(String raw) {
		this.answers.add(raw);
	}

	/**
	 * Remembers the {@code v1} of a signature the tests send, so that it may appear in no
	 * log line or answer.
	 * @param header the {@code Whereby-Signature} value
	 */
	public void sent(String header) {
		Matcher matcher = V1.matcher(header);
		while (matcher.find()) {
			this.signatures.add(matcher.group(1));
		}
	}

	/**
	 * The captured log lines so far.
	 * @return the lines
	 */
	public List<ILoggingEvent> logLines() {
		return this.logs.lines();
	}

	private void assertNoLeak() {
		// The check itself must work: a line with the secret in base64 is caught.
		assertThat(leaks("x" + Base64.getEncoder().encodeToString(SIGNING_SECRET.getBytes(StandardCharsets.UTF_8))))
			.as("the leak check finds a base64 secret")
			.isNotEmpty();
		List<ILoggingEvent> lines = logLines();
		assertThat(lines).as("DEBUG lines of io.github.wherebytrigger were captured")
			.anySatisfy((line) -> assertThat(line.getLoggerName()).startsWith("io.github.wherebytrigger"))
			.anySatisfy((line) -> assertThat(line.getLevel()).isEqualTo(Level.DEBUG));
		assertThat(this.answers).as("answers were recorded").isNotEmpty();
		List<String> found = new ArrayList<>();
		for (ILoggingEvent line : lines) {
			for (String leak : leaks(text(line))) {
				found.add("log line of " + line.getLoggerName() + " at " + line.getLevel() + " contains " + leak);
			}
		}
		int index = 0;
		for (String answer : this.answers) {
			for (String leak : leaks(answer)) {
				found.add("answer #" + index + " (" + answer.substring(0, Math.min(answer.length(), 3))
						+ "...) contains " + leak);
			}
			index++;
		}
		assertThat(found)
			.as("secrets in %d log lines and %d answers (what leaked, not where, to keep it out of the report)",
					lines.size(), this.answers.size())
			.isEmpty();
	}

	/**
	 * What a text leaks, described without repeating it.
	 */
	private List<String> leaks(String text) {
		List<String> leaks = new ArrayList<>();
		forms("the signing secret", SIGNING_SECRET).forEach((form, description) -> {
			if (text.contains(form)) {
				leaks.add(description);
			}
		});
		forms("the assistant key", ASSISTANT_KEY).forEach((form, description) -> {
			if (text.contains(form)) {
				leaks.add(description);
			}
		});
		Matcher hex = HEX_64.matcher(text);
		while (hex.find()) {
			if (this.signatures.contains(hex.group().toLowerCase())) {
				leaks.add("a v1 signature the tests sent");
			}
		}
		return leaks;
	}

	private static Map<String, String> forms(String name, String secret) {
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		Map<String, String> forms = new LinkedHashMap<>();
		forms.put(secret, name);
		forms.put(HexFormat.of().formatHex(bytes), name + " in hex");
		forms.put(HexFormat.of().withUpperCase().formatHex(bytes), name + " in upper-case hex");
		forms.put(Base64.getEncoder().withoutPadding().encodeToString(bytes), name + " in base64");
		forms.put(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), name + " in URL-safe base64");
		return forms;
	}

	private static String text(ILoggingEvent line) {
		StringBuilder text = new StringBuilder(String.valueOf(line.getFormattedMessage()));
		text.append(' ').append(line.getMDCPropertyMap()).append(' ').append(line.getThreadName());
		if (line.getKeyValuePairs() != null) {
			text.append(' ').append(line.getKeyValuePairs());
		}
		append(text, line.getThrowableProxy());
		return text.toString();
	}

	private static void append(StringBuilder text, IThrowableProxy throwable) {
		if (throwable == null) {
			return;
		}
		text.append('\n').append(throwable.getClassName()).append(": ").append(throwable.getMessage());
		for (IThrowableProxy suppressed : throwable.getSuppressed()) {
			append(text, suppressed);
		}
		append(text, throwable.getCause());
	}

}

package io.github.wherebytrigger.reliability;

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
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that no secret leaks while a test class runs. From before the application starts
 * until the class is done, every log line reaching the root logger is captured, with
 * {@code io.github.wherebytrigger} and {@code org.springframework.web} at DEBUG; the
 * tests hand every answer they receive (status, headers, body) to {@link #record}. After
 * the class, none may contain the signing secret, the assistant key (as text, hex or
 * base64) or any {@code v1} signature the tests sent.
 * <p>
 * Each application started re-initialises logging (Logback is stopped, reset and
 * configured again); the capture is re-attached when that happens, so the start-up of
 * every instance is covered, including those started inside a test.
 */
final class SecretLeakCheck implements BeforeAllCallback, AfterAllCallback {

	/**
	 * The webhook signing secret every reliability test configures and signs with.
	 */
	static final String SIGNING_SECRET = "whsec_rel_5b1e0c7a94d2f3";

	/**
	 * The assistant key: only ever stored in a Secret of the mock API server; the
	 * application is given a reference to that Secret, never the value.
	 */
	static final String ASSISTANT_KEY = "wak_marker_3f8d61c0e7a5b9";

	private static final List<String> DEBUG_LOGGERS = List.of("io.github.wherebytrigger", "org.springframework.web");

	private static final Pattern V1 = Pattern.compile("v1=([0-9a-f]{64})");

	private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>() {

		@Override
		protected void append(ILoggingEvent line) {
			// The logging context and the message are read now, on the thread that logs.
			line.prepareForDeferredProcessing();
			super.append(line);
		}

	};

	private final Queue<String> answers = new ConcurrentLinkedQueue<>();

	private final Set<String> signatures = ConcurrentHashMap.newKeySet();

	private final Map<String, Level> savedLevels = new LinkedHashMap<>();

	private final Reattach reattach = new Reattach();

	@Override
	public void beforeAll(ExtensionContext context) {
		this.reattach.register();
		capture();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		release();
		assertNoLeak();
	}

	/**
	 * Keeps an answer for the check.
	 * @param response the answer
	 */
	void record(HttpResponse<String> response) {
		this.answers.add(response.statusCode() + " " + response.headers().map() + "\n" + response.body());
	}

	/**
	 * Keeps an answer read from a socket, status line, headers and body.
	 * @param raw the answer as received
	 */
	void record(String raw) {
		this.answers.add(raw);
	}

	/**
	 * Remembers the {@code v1} of a signature the tests send, so that it may appear in no
	 * log line or answer.
	 * @param header the {@code Whereby-Signature} value
	 */
	void sent(String header) {
		Matcher matcher = V1.matcher(header);
		while (matcher.find()) {
			this.signatures.add(matcher.group(1));
		}
	}

	/**
	 * The captured log lines so far.
	 * @return the lines
	 */
	List<ILoggingEvent> logLines() {
		synchronized (this.logs) {
			return List.copyOf(this.logs.list);
		}
	}

	/**
	 * Attaches the capture and raises the levels; harmless when already done.
	 */
	synchronized void capture() {
		LoggerContext context = context();
		this.logs.setContext(context);
		this.logs.start();
		attach(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
		for (String name : DEBUG_LOGGERS) {
			Logger logger = context.getLogger(name);
			// Not additive: the console (at ERROR for tests) would otherwise print every
			// DEBUG line of the suite.
			logger.setAdditive(false);
			attach(logger);
			this.savedLevels.putIfAbsent(name, logger.getLevel());
			logger.setLevel(Level.DEBUG);
		}
		// Loggers below them that the test configuration quietens are raised too.
		for (Logger logger : context.getLoggerList()) {
			if (isBelowDebugLogger(logger) && logger.getLevel() != null && logger.getLevel() != Level.DEBUG) {
				this.savedLevels.putIfAbsent(logger.getName(), logger.getLevel());
				logger.setLevel(Level.DEBUG);
			}
		}
	}

	private synchronized void release() {
		LoggerContext context = context();
		this.reattach.unregister();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this.logs);
		for (String name : DEBUG_LOGGERS) {
			Logger logger = context.getLogger(name);
			logger.detachAppender(this.logs);
			logger.setAdditive(true);
		}
		this.savedLevels.forEach((name, level) -> context.getLogger(name).setLevel(level));
		this.logs.stop();
	}

	private void attach(Logger logger) {
		if (!logger.isAttached(this.logs)) {
			logger.addAppender(this.logs);
		}
	}

	private static boolean isBelowDebugLogger(Logger logger) {
		return DEBUG_LOGGERS.stream().anyMatch((name) -> logger.getName().startsWith(name + "."));
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

	private static LoggerContext context() {
		return (LoggerContext) LoggerFactory.getILoggerFactory();
	}

	/**
	 * Re-attaches the capture when a starting application re-initialises Logback. Spring
	 * Boot stops the context (which drops every context listener), resets it, configures
	 * it and starts it again; a reset-resistant status listener survives all of that and
	 * hears the configuration's status messages, so it puts the capture and the context
	 * listener back, and the context listener applies the levels once more at the start.
	 */
	private final class Reattach implements LoggerContextListener, StatusListener {

		private volatile boolean registered;

		void register() {
			this.registered = true;
			context().addListener(this);
			context().getStatusManager().add(this);
		}

		void unregister() {
			this.registered = false;
			context().removeListener(this);
			context().getStatusManager().remove(this);
		}

		@Override
		public void addStatusEvent(Status status) {
			if (this.registered) {
				LoggerContext context = context();
				if (!context.getCopyOfListenerList().contains(this)) {
					context.addListener(this);
				}
				capture();
			}
		}

		@Override
		public boolean isResetResistant() {
			return true;
		}

		@Override
		public void onReset(LoggerContext context) {
			if (this.registered) {
				capture();
			}
		}

		@Override
		public void onStart(LoggerContext context) {
			if (this.registered) {
				capture();
			}
		}

		@Override
		public void onStop(LoggerContext context) {
		}

		@Override
		public void onLevelChange(Logger logger, Level level) {
		}

	}

}

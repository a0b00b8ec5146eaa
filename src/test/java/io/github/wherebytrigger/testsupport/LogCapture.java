package io.github.wherebytrigger.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line reaching the root logger, with {@code io.github.wherebytrigger}
 * and {@code org.springframework.web} at DEBUG, from {@link #start()} to {@link #stop()},
 * for the {@link SecretLeakCheck}.
 * <p>
 * Each application started re-initialises logging (Logback is stopped, reset and
 * configured again); the capture is re-attached when that happens, so the start-up of
 * every instance is covered, including those started inside a test.
 */
final class LogCapture {

	private static final List<String> DEBUG_LOGGERS = List.of("io.github.wherebytrigger", "org.springframework.web");

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>() {

		@Override
		protected void append(ILoggingEvent line) {
			// The logging context and the message are read now, on the thread that logs.
			line.prepareForDeferredProcessing();
			super.append(line);
		}

	};

	private final Map<String, Level> savedLevels = new LinkedHashMap<>();

	private final Reattach reattach = new Reattach();

	/**
	 * Starts capturing, and keeps capturing across re-initialisations of Logback.
	 */
	void start() {
		this.reattach.register();
		capture();
	}

	/**
	 * The captured log lines so far.
	 * @return the lines
	 */
	List<ILoggingEvent> lines() {
		synchronized (this.logs) {
			return List.copyOf(this.logs.list);
		}
	}

	/**
	 * Attaches the capture and raises the levels; harmless when already done.
	 */
	private synchronized void capture() {
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

	/**
	 * Stops capturing and puts the levels back.
	 */
	synchronized void stop() {
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

package io.github.wherebytrigger.launch;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * How assistants are launched: the deadline and retries of every launch, and the kind of
 * launcher of the {@code default} assistant (its settings are bound by that kind, under
 * {@code whereby.launcher.<type>}).
 */
@ConfigurationProperties("whereby.launcher")
@Validated
public class LauncherProperties implements Validator {

	static final int DEFAULT_MAX_CONCURRENT_LAUNCHES = 32;

	/**
	 * Time budget for handling a webhook that launches an assistant, counted from its
	 * arrival and including trigger evaluation; a launch not done by then is answered 503
	 * so that Whereby delivers the webhook again. Keep it under Whereby's 5s.
	 */
	@NotNull
	private Duration deadline = Duration.ofSeconds(3);

	/**
	 * Kind of launcher of the 'default' assistant: log (only logs), kubernetes (a Job per
	 * assistant), http (a call to a worker pool) or command (a local process). Its
	 * settings are under whereby.launcher.<type>.
	 */
	@NotBlank
	private String type = "log";

	/**
	 * Most launcher calls (launches, stops, checks) of one assistant running at once,
	 * unless whereby.assistants.<name>.max-concurrent-launches says otherwise; further
	 * calls wait their turn while their deadline allows, then are answered 503.
	 */
	@Min(1)
	private int maxConcurrentLaunches = DEFAULT_MAX_CONCURRENT_LAUNCHES;

	/**
	 * How failed launcher calls are retried within the deadline.
	 */
	@Valid
	private final Retry retry = new Retry();

	/**
	 * How the launchers' health is checked.
	 */
	@Valid
	private final HealthCheck health = new HealthCheck();

	public String getType() {
		return this.type;
	}

	public void setType(String type) {
		this.type = type;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public int getMaxConcurrentLaunches() {
		return this.maxConcurrentLaunches;
	}

	public void setMaxConcurrentLaunches(int maxConcurrentLaunches) {
		this.maxConcurrentLaunches = maxConcurrentLaunches;
	}

	public HealthCheck getHealth() {
		return this.health;
	}

	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	@Override
	public boolean supports(Class<?> type) {
		return LauncherProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		Duration deadline = ((LauncherProperties) target).getDeadline();
		if (deadline != null && (deadline.compareTo(Duration.ofMillis(100)) < 0
				|| deadline.compareTo(Duration.ofMillis(4500)) > 0)) {
			errors.rejectValue("deadline", "range", "must be between 100ms and 4500ms (Whereby waits 5s)");
		}
	}

	/**
	 * How failed launcher calls are retried within the deadline.
	 */
	public static class Retry {

		/**
		 * Pause before the first retry.
		 */
		@NotNull
		private Duration initialBackoff = Duration.ofMillis(100);

		/**
		 * Factor by which each pause grows.
		 */
		@DecimalMin("1.0")
		private double multiplier = 2.0;

		/**
		 * Longest pause between two attempts.
		 */
		@NotNull
		private Duration maxBackoff = Duration.ofSeconds(1);

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

	}

	/**
	 * How the launchers' health is checked.
	 */
	public static class HealthCheck {

		/**
		 * Longest a launcher's health check may take (a call to the cluster or worker);
		 * slower, the launcher is reported DOWN.
		 */
		@NotNull
		private Duration timeout = Duration.ofSeconds(2);

		/**
		 * How long a launcher's health is reused before it is checked again.
		 */
		@NotNull
		private Duration reuseFor = Duration.ofSeconds(5);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getReuseFor() {
			return this.reuseFor;
		}

		public void setReuseFor(Duration reuseFor) {
			this.reuseFor = reuseFor;
		}

	}

}

package io.github.wherebytrigger.trigger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.wherebytrigger.webhook.WebhookType;
import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * A discovered trigger: a {@link WherebyTrigger @WherebyTrigger} bean or a YAML rule,
 * with its evaluation counters.
 */
final class Trigger {

	static final String EVALUATIONS = "whereby.trigger.evaluations";

	private final String name;

	private final WebhookType type;

	private final String source;

	private final String assistant;

	private final Check check;

	private final Counter fired;

	private final Counter notFired;

	private final Counter errors;

	private final Counter timeouts;

	Trigger(String name, WebhookType type, String source, String assistant, Check check, MeterRegistry registry) {
		this.name = name;
		this.type = type;
		this.source = source;
		this.assistant = assistant;
		this.check = check;
		this.fired = counter(registry, "true");
		this.notFired = counter(registry, "false");
		this.errors = counter(registry, "error");
		this.timeouts = counter(registry, "timeout");
	}

	private Counter counter(MeterRegistry registry, String result) {
		return Counter.builder(EVALUATIONS)
			.description("Trigger evaluations, by trigger and result")
			.tag("trigger", this.name)
			.tag("type", this.type.wireName())
			.tag("result", result)
			.register(registry);
	}

	String name() {
		return this.name;
	}

	WebhookType type() {
		return this.type;
	}

	String source() {
		return this.source;
	}

	String assistant() {
		return this.assistant;
	}

	/**
	 * Starts the evaluation. A failure of the trigger itself is a failed future.
	 * @throws RejectedExecutionException if no thread is free to run it
	 */
	Future<Boolean> start(WherebyWebhook webhook, BlockingCalls blocking) {
		try {
			return this.check.start(webhook, blocking);
		}
		catch (RejectedExecutionException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	void recordResult(boolean result) {
		(result ? this.fired : this.notFired).increment();
	}

	void recordError() {
		this.errors.increment();
	}

	void recordTimeout() {
		this.timeouts.increment();
	}

	/**
	 * Evaluations since start, by result.
	 */
	Counts counts() {
		return new Counts((long) this.fired.count(), (long) this.notFired.count(), (long) this.errors.count(),
				(long) this.timeouts.count());
	}

	/**
	 * Evaluations of a trigger since start.
	 *
	 * @param fired how many gave true
	 * @param notFired how many gave false
	 * @param errors how many failed (counted as false)
	 * @param timeouts how many missed the deadline
	 */
	record Counts(long fired, long notFired, long errors, long timeouts) {

		long evaluations() {
			return this.fired + this.notFired + this.errors + this.timeouts;
		}

	}

	@Override
	public String toString() {
		return "trigger '" + this.name + "' (" + this.source + ")";
	}

	/**
	 * How a trigger's decision is obtained.
	 */
	@FunctionalInterface
	interface Check {

		Future<Boolean> start(WherebyWebhook webhook, BlockingCalls blocking);

	}

	/**
	 * Where a blocking predicate runs: on the predicate pool, once it has a turn.
	 */
	@FunctionalInterface
	interface BlockingCalls {

		/**
		 * Runs a blocking decision on the predicate pool.
		 * @param decision the decision
		 * @return its future
		 * @throws java.util.concurrent.RejectedExecutionException if no turn came before
		 * the evaluation's deadline
		 */
		Future<Boolean> submit(Callable<Boolean> decision);

	}

}

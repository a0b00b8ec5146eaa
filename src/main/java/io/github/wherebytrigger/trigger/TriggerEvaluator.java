package io.github.wherebytrigger.trigger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.github.wherebytrigger.system.LogText;
import io.github.wherebytrigger.system.HandlingContext;
import io.github.wherebytrigger.webhook.RetryLaterException;
import io.github.wherebytrigger.webhook.WebhookType;
import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * Evaluates every trigger of a webhook's type, concurrently, within
 * {@code whereby.triggers.timeout}. Rules run on the calling thread; blocking predicates
 * on a pool so that their deadline holds, at most
 * {@code whereby.triggers.max-concurrent-predicates} at once: the others wait their turn
 * within the deadline. A trigger that throws counts as not fired; one that misses the
 * deadline fails the whole evaluation, so the webhook is answered 503 and delivered
 * again.
 */
final class TriggerEvaluator implements DisposableBean {

	private static final Log logger = LogFactory.getLog(TriggerEvaluator.class);

	/**
	 * Blocking predicates waiting for their turn.
	 */
	static final String QUEUED = "whereby.triggers.queued";

	private final TriggerRegistry registry;

	private final long timeoutNanos;

	private final ExecutorService executor;

	private final Semaphore turns;

	TriggerEvaluator(TriggerRegistry registry, Duration timeout, int maxConcurrentPredicates,
			MeterRegistry meterRegistry) {
		this.registry = registry;
		this.timeoutNanos = timeout.toNanos();
		this.turns = new Semaphore(maxConcurrentPredicates, true);
		// Threads are bounded by the turns.
		this.executor = HandlingContext.propagating(new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
				new SynchronousQueue<>(), new CustomizableThreadFactory("whereby-trigger-")));
		Gauge.builder(QUEUED, this.turns, Semaphore::getQueueLength)
			.description("Blocking trigger predicates waiting for their turn (max-concurrent-predicates)")
			.register(meterRegistry);
	}

	/**
	 * Blocking decisions of one evaluation: each waits for a turn until the deadline.
	 */
	private Trigger.BlockingCalls blocking(long deadline) {
		return (decision) -> {
			try {
				if (!this.turns.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					throw new RejectedExecutionException("no turn for a blocking predicate before the deadline");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new RejectedExecutionException("interrupted while waiting for a turn", ex);
			}
			try {
				return this.executor.submit(() -> {
					try {
						return decision.call();
					}
					finally {
						this.turns.release();
					}
				});
			}
			catch (RejectedExecutionException ex) {
				this.turns.release();
				throw ex;
			}
		};
	}

	/**
	 * Evaluates the triggers of the webhook's type.
	 * @param webhook the webhook
	 * @return the triggers that fired, in discovery order
	 * @throws RetryLaterException if a trigger did not decide in time
	 */
	List<Trigger> fired(WherebyWebhook webhook) {
		List<Trigger> triggers = this.registry.triggersFor(WebhookType.fromWireName(webhook.type()).orElseThrow());
		if (triggers.isEmpty()) {
			return List.of();
		}
		long deadline = System.nanoTime() + this.timeoutNanos;
		List<Future<Boolean>> pending = new ArrayList<>(triggers.size());
		try {
			Trigger.BlockingCalls blocking = blocking(deadline);
			for (Trigger trigger : triggers) {
				pending.add(trigger.start(webhook, blocking));
			}
			List<Trigger> fired = new ArrayList<>(1);
			for (int i = 0; i < triggers.size(); i++) {
				Trigger trigger = triggers.get(i);
				if (decide(trigger, pending.get(i), deadline, webhook)) {
					fired.add(trigger);
				}
			}
			return List.copyOf(fired);
		}
		catch (RejectedExecutionException ex) {
			throw new RetryLaterException("Too many blocking triggers are running at once", ex);
		}
		finally {
			// Stops what is still running after a failure; a no-op for completed futures.
			pending.forEach((future) -> future.cancel(true));
		}
	}

	private boolean decide(Trigger trigger, Future<Boolean> pending, long deadline, WherebyWebhook webhook) {
		try {
			boolean result = Boolean.TRUE
				.equals(pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
			trigger.recordResult(result);
			if (logger.isDebugEnabled()) {
				logger.debug(trigger + " gave " + result + " for webhook " + LogText.escape(webhook.id()));
			}
			return result;
		}
		catch (ExecutionException | CancellationException ex) {
			trigger.recordError();
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			logger.warn(trigger + " failed on webhook " + LogText.escape(webhook.id()) + ", counted as not fired: "
					+ cause);
			return false;
		}
		catch (TimeoutException ex) {
			trigger.recordTimeout();
			throw new RetryLaterException(
					trigger + " did not decide within " + Duration.ofNanos(this.timeoutNanos).toMillis() + " ms", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryLaterException("Interrupted while evaluating " + trigger, ex);
		}
	}

	/**
	 * Evaluates every trigger of the webhook's type as {@link #fired} would, but records
	 * nothing and never fails: each trigger's result or error is reported.
	 * @param webhook the webhook
	 * @return each trigger of the type, with its result
	 */
	List<DryRun> dryRun(WherebyWebhook webhook) {
		List<Trigger> triggers = this.registry.triggersFor(WebhookType.fromWireName(webhook.type()).orElseThrow());
		long deadline = System.nanoTime() + this.timeoutNanos;
		List<DryRun> results = new ArrayList<>(triggers.size());
		for (Trigger trigger : triggers) {
			Future<Boolean> pending = null;
			try {
				pending = trigger.start(webhook, blocking(deadline));
				boolean result = Boolean.TRUE
					.equals(pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
				results.add(new DryRun(trigger, result, null));
			}
			catch (ExecutionException ex) {
				results.add(new DryRun(trigger, false, String.valueOf(ex.getCause())));
			}
			catch (TimeoutException ex) {
				results.add(new DryRun(trigger, false,
						"did not decide within " + Duration.ofNanos(this.timeoutNanos).toMillis() + " ms"));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				results.add(new DryRun(trigger, false, "interrupted"));
			}
			catch (RuntimeException ex) {
				results.add(new DryRun(trigger, false, String.valueOf(ex)));
			}
			finally {
				if (pending != null) {
					pending.cancel(true);
				}
			}
		}
		return results;
	}

	/**
	 * A trigger's result in a dry run.
	 *
	 * @param trigger the trigger
	 * @param fired whether it would fire
	 * @param error why it could not decide, {@code null} when it did
	 */
	record DryRun(Trigger trigger, boolean fired, @Nullable String error) {

	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}

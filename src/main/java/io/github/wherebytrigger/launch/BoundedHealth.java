package io.github.wherebytrigger.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A launcher's health that answers within a bounded time: the launcher's own check (a
 * call to a cluster or worker that may hang) runs on another thread; a check slower than
 * the timeout answers DOWN saying so, and a result is reused for a while, so that probes
 * every few seconds do not each call the cluster.
 */
final class BoundedHealth implements HealthIndicator {

	private final AssistantLauncher launcher;

	private final Duration timeout;

	private final Duration reuseFor;

	private final Clock clock;

	private final Executor executor;

	private volatile @Nullable Checked last;

	BoundedHealth(AssistantLauncher launcher, Duration timeout, Duration reuseFor, Clock clock, Executor executor) {
		this.launcher = launcher;
		this.timeout = timeout;
		this.reuseFor = reuseFor;
		this.clock = clock;
		this.executor = executor;
	}

	@Override
	public Health health() {
		Checked checked = this.last;
		Instant now = this.clock.instant();
		if (checked != null && now.isBefore(checked.at().plus(this.reuseFor))) {
			return checked.health();
		}
		Health health = check();
		this.last = new Checked(health, now);
		return health;
	}

	private Health check() {
		CompletableFuture<Health> pending = CompletableFuture.supplyAsync(this.launcher::health, this.executor);
		try {
			return pending.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			pending.cancel(true);
			return Health.down().withDetail("error", "no answer within " + this.timeout.toMillis() + " ms").build();
		}
		catch (ExecutionException ex) {
			return Health.down().withDetail("error", ex.getCause().getClass().getSimpleName()).build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.unknown().build();
		}
	}

	private record Checked(Health health, Instant at) {

	}

}

package io.github.wherebytrigger.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BoundedHealth}.
 */
class BoundedHealthTests {

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger checks = new AtomicInteger();

	private final SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("test-health-");

	@AfterEach
	void releaseHangingChecks() {
		this.release.countDown();
	}

	@Test
	void aLauncherWhoseCheckHangsShouldBeDownWithinTheTimeout() {
		AssistantLauncher hanging = new Checked(() -> {
			this.release.await(30, TimeUnit.SECONDS);
			return Health.up().build();
		});
		BoundedHealth health = new BoundedHealth(hanging, Duration.ofMillis(200), Duration.ZERO, Clock.systemUTC(),
				this.executor);
		long start = System.nanoTime();
		Health answer = health.health();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(answer.getStatus()).isEqualTo(Status.DOWN);
		assertThat(answer.getDetails()).containsEntry("error", "no answer within 200 ms");
	}

	@Test
	void aResultShouldBeReusedForAWhileThenCheckedAgain() {
		AssistantLauncher counted = new Checked(
				() -> Health.up().withDetail("check", this.checks.incrementAndGet()).build());
		Instant[] now = { Instant.parse("2026-12-01T10:00:00Z") };
		Clock clock = new Clock() {

			@Override
			public java.time.ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return now[0];
			}

		};
		BoundedHealth health = new BoundedHealth(counted, Duration.ofSeconds(1), Duration.ofSeconds(5), clock,
				this.executor);
		assertThat(health.health().getDetails()).containsEntry("check", 1);
		now[0] = now[0].plusSeconds(4);
		assertThat(health.health().getDetails()).containsEntry("check", 1);
		now[0] = now[0].plusSeconds(2);
		assertThat(health.health().getDetails()).containsEntry("check", 2);
	}

	@Test
	void aCheckThatThrowsShouldBeDownNamingTheFailureOnly() {
		AssistantLauncher failing = new Checked(() -> {
			throw new IllegalStateException("token=secret");
		});
		Health answer = new BoundedHealth(failing, Duration.ofSeconds(1), Duration.ZERO, Clock.systemUTC(),
				this.executor)
			.health();
		assertThat(answer.getStatus()).isEqualTo(Status.DOWN);
		assertThat(answer.getDetails()).containsOnly(java.util.Map.entry("error", "IllegalStateException"));
	}

	@FunctionalInterface
	interface HealthCheck {

		Health check() throws Exception;

	}

	/**
	 * A launcher whose health is scripted.
	 */
	static final class Checked implements AssistantLauncher {

		private final HealthCheck check;

		Checked(HealthCheck check) {
			this.check = check;
		}

		@Override
		public void launch(LaunchRequest request) {
		}

		@Override
		public Health health() {
			try {
				return this.check.check();
			}
			catch (RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}

package io.github.wherebytrigger.trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import io.github.wherebytrigger.webhook.ClientData;
import io.github.wherebytrigger.webhook.RetryLaterException;
import io.github.wherebytrigger.webhook.RoomClientJoined;
import io.github.wherebytrigger.webhook.WherebyWebhook;
import io.github.wherebytrigger.webhook.RoomData;
import io.github.wherebytrigger.webhook.RoomSessionEnded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TriggerEvaluator}, on a {@link TriggerRegistry} built from registered
 * singletons and rules.
 */
class TriggerEvaluatorTests {

	private static final Instant CREATED_AT = Instant.parse("2025-03-01T10:15:30Z");

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	private final TriggerProperties properties = new TriggerProperties();

	private @Nullable TriggerEvaluator evaluator;

	@AfterEach
	void destroyEvaluator() {
		if (this.evaluator != null) {
			this.evaluator.destroy();
		}
		ReachProbe.reached.set(0);
	}

	@Test
	void firedWhenRuleConditionHoldsShouldFireOnlyThen() {
		rule("hostWithCompany", "room.client.joined", "data.roleName == 'host' and data.numClients >= 2");
		TriggerEvaluator evaluator = evaluator();
		assertThat(fired(evaluator, joined("host", 2, Map.of()))).containsExactly("hostWithCompany");
		assertThat(fired(evaluator, joined("host", 1, Map.of()))).isEmpty();
		assertThat(fired(evaluator, joined("member", 3, Map.of()))).isEmpty();
		assertThat(evaluations("hostWithCompany", "true")).isEqualTo(1);
		assertThat(evaluations("hostWithCompany", "false")).isEqualTo(2);
		assertThat(evaluations("hostWithCompany", "error")).isZero();
	}

	@Test
	void firedWhenRuleIndexesClientsByRoleNameShouldReadTheMap() {
		rule("hostPresent", "room.client.joined", "data.numClientsByRoleName['host'] > 0");
		TriggerEvaluator evaluator = evaluator();
		assertThat(fired(evaluator, joined("member", 2, Map.of("host", 1, "member", 1))))
			.containsExactly("hostPresent");
		assertThat(fired(evaluator, joined("member", 2, Map.of("host", 0, "member", 2)))).isEmpty();
		assertThat(evaluations("hostPresent", "error")).isZero();
	}

	@Test
	void firedWhenRuleHasNoConditionShouldFireForEveryWebhookOfItsType() {
		rule("everyJoin", "room.client.joined", null);
		assertThat(fired(evaluator(), joined("visitor", 1, Map.of()))).containsExactly("everyJoin");
	}

	@Test
	void firedWhenConditionCallsMethodOnNullShouldCountErrorAndNotFire() {
		rule("metadataSet", "room.client.joined", "data.metadata.length() > 0");
		assertThat(fired(evaluator(), joined("host", 2, Map.of()))).isEmpty();
		assertThat(evaluations("metadataSet", "error")).isEqualTo(1);
		assertThat(evaluations("metadataSet", "false")).isZero();
	}

	@Test
	void firedWhenConditionComparesWrongTypesShouldCountErrorAndNotFire() {
		rule("roleAboveTwo", "room.client.joined", "data.roleName > 2");
		assertThat(fired(evaluator(), joined("host", 2, Map.of()))).isEmpty();
		assertThat(evaluations("roleAboveTwo", "error")).isEqualTo(1);
	}

	@Test
	void firedWhenConditionGivesNoBooleanShouldCountErrorAndNotFire() {
		rule("clientCount", "room.client.joined", "data.numClients");
		assertThat(fired(evaluator(), joined("host", 2, Map.of()))).isEmpty();
		assertThat(evaluations("clientCount", "error")).isEqualTo(1);
		assertThat(evaluations("clientCount", "true")).isZero();
		assertThat(evaluations("clientCount", "false")).isZero();
	}

	@Test
	void firedWhenConditionReferencesTypeShouldRefuseIt() {
		rule("runtime", "room.client.joined", "T(java.lang.Runtime).getRuntime() != null");
		rule("probe", "room.client.joined", "T(" + ReachProbe.class.getName() + ").touch()");
		assertThat(fired(evaluator(), joined("host", 2, Map.of()))).isEmpty();
		assertThat(evaluations("runtime", "error")).isEqualTo(1);
		assertThat(evaluations("probe", "error")).isEqualTo(1);
		assertThat(ReachProbe.reached).hasValue(0);
	}

	@Test
	void firedWhenConditionCallsConstructorShouldRefuseIt() {
		rule("file", "room.client.joined", "new java.io.File('x') != null");
		rule("probe", "room.client.joined", "new " + ReachProbe.class.getName() + "() != null");
		assertThat(fired(evaluator(), joined("host", 2, Map.of()))).isEmpty();
		assertThat(evaluations("file", "error")).isEqualTo(1);
		assertThat(evaluations("probe", "error")).isEqualTo(1);
		assertThat(ReachProbe.reached).hasValue(0);
	}

	@Test
	void firedWhenConditionReachesForClassShouldRefuseIt() {
		rule("classLoader", "room.client.joined", "data.getClass().classLoader != null");
		assertThat(fired(evaluator(), joined("host", 2, Map.of()))).isEmpty();
		assertThat(evaluations("classLoader", "error")).isEqualTo(1);
	}

	@Test
	void firedWhenPredicateThrowsShouldCountErrorAndNotFire() {
		this.beanFactory.registerSingleton("failing", new FailingPredicate());
		assertThat(fired(evaluator(), joined("host", 2, Map.of()))).isEmpty();
		assertThat(evaluations("failing", "error")).isEqualTo(1);
	}

	@Test
	void firedWhenPredicateMissesTimeoutShouldAskForRetryAndCountTimeout() throws InterruptedException {
		BlockingPredicate blocking = new BlockingPredicate();
		this.beanFactory.registerSingleton("blocking", blocking);
		this.properties.setTimeout(Duration.ofMillis(200));
		TriggerEvaluator evaluator = evaluator();
		assertThatExceptionOfType(RetryLaterException.class)
			.isThrownBy(() -> fired(evaluator, joined("host", 2, Map.of())))
			.withMessageContaining("'blocking'")
			.withMessageContaining("200 ms");
		assertThat(evaluations("blocking", "timeout")).isEqualTo(1);
		assertThat(blocking.interrupted.await(5, TimeUnit.SECONDS)).as("late predicate interrupted").isTrue();
	}

	@Test
	void firedWhenBlockingPredicatesHoldEveryTurnShouldWaitAndAskForRetryOnlyAtTheTimeout() throws Exception {
		// Four turns: a first webhook holds them all until released, even past its own
		// deadline (its predicates ignore the interruption).
		this.properties.setMaxConcurrentPredicates(4);
		GatedPredicate gated = new GatedPredicate(4, true);
		for (int i = 0; i < 4; i++) {
			this.beanFactory.registerSingleton("gated" + i, gated);
		}
		this.properties.setTimeout(Duration.ofMillis(500));
		TriggerEvaluator evaluator = evaluator();
		CompletableFuture<List<String>> first = new CompletableFuture<>();
		Thread firstEvaluation = new Thread(() -> {
			try {
				first.complete(fired(evaluator, joined("evt-held", "host", 2, Map.of())));
			}
			catch (RuntimeException ex) {
				first.completeExceptionally(ex);
			}
		});
		firstEvaluation.start();
		try {
			assertThat(gated.started.await(5, TimeUnit.SECONDS)).as("turns taken").isTrue();
			long start = System.nanoTime();
			assertThatExceptionOfType(RetryLaterException.class)
				.isThrownBy(() -> fired(evaluator, joined("evt-2", "host", 2, Map.of())));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for a turn")
				.isGreaterThanOrEqualTo(Duration.ofMillis(400));
			assertThat(evaluations("gated0", "error")).isZero();
		}
		finally {
			gated.release.countDown();
			firstEvaluation.join(5000);
		}
		assertThat(first).isCompletedExceptionally();
	}

	@Test
	void firedWhenBlockingPredicatesHoldEveryTurnShouldDecideOnceATurnFrees() throws Exception {
		this.properties.setMaxConcurrentPredicates(4);
		GatedPredicate gated = new GatedPredicate(4);
		for (int i = 0; i < 4; i++) {
			this.beanFactory.registerSingleton("gated" + i, gated);
		}
		this.properties.setTimeout(Duration.ofSeconds(4));
		TriggerEvaluator evaluator = evaluator();
		CompletableFuture<List<String>> first = CompletableFuture
			.supplyAsync(() -> fired(evaluator, joined("evt-held", "host", 2, Map.of())));
		assertThat(gated.started.await(5, TimeUnit.SECONDS)).as("turns taken").isTrue();
		CompletableFuture<List<String>> second = CompletableFuture
			.supplyAsync(() -> fired(evaluator, joined("evt-2", "host", 2, Map.of())));
		Thread.sleep(100);
		assertThat(second).as("waiting for a turn").isNotDone();
		gated.release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS)).hasSize(4);
		assertThat(second.get(5, TimeUnit.SECONDS)).hasSize(4);
	}

	@Test
	void firedWhenAsyncPredicateNeverCompletesShouldAskForRetryAndCountTimeout() {
		this.beanFactory.registerSingleton("neverDone", new NeverCompletingPredicate());
		this.properties.setTimeout(Duration.ofMillis(200));
		TriggerEvaluator evaluator = evaluator();
		assertThatExceptionOfType(RetryLaterException.class)
			.isThrownBy(() -> fired(evaluator, joined("host", 2, Map.of())))
			.withMessageContaining("'neverDone'");
		assertThat(evaluations("neverDone", "timeout")).isEqualTo(1);
	}

	@Test
	void firedWhenAsyncPredicateFailsShouldCountErrorAndNotFire() {
		this.beanFactory.registerSingleton("failingAsync", new FailingAsyncPredicate());
		assertThat(fired(evaluator(), joined("host", 2, Map.of()))).isEmpty();
		assertThat(evaluations("failingAsync", "error")).isEqualTo(1);
	}

	@Test
	void firedWhenAsyncPredicateReturnsNullShouldCountErrorAndNotFire() {
		this.beanFactory.registerSingleton("nullAsync", new NullAsyncPredicate());
		assertThat(fired(evaluator(), joined("host", 2, Map.of()))).isEmpty();
		assertThat(evaluations("nullAsync", "error")).isEqualTo(1);
	}

	@Test
	void firedWhenSeveralTriggersFireShouldReturnTheirNamesInDiscoveryOrder() {
		this.beanFactory.registerSingleton("hostJoined", new HostJoined());
		rule("crowded", "room.client.joined", "data.numClients >= 10");
		rule("anyJoin", "room.client.joined", null);
		assertThat(fired(evaluator(), joined("host", 2, Map.of()))).containsExactly("hostJoined", "anyJoin");
		assertThat(evaluations("crowded", "false")).isEqualTo(1);
	}

	@Test
	void firedWhenTypeHasNoTriggersShouldReturnEmptyList() {
		rule("everyJoin", "room.client.joined", null);
		RoomSessionEnded ended = new RoomSessionEnded("evt-9", "1.0", CREATED_AT,
				new RoomData("meeting-1", "/room", "session-1", "acme"));
		assertThat(fired(evaluator(), ended)).isEmpty();
		assertThat(evaluations("everyJoin", "true")).isZero();
	}

	private void rule(String name, String event, @Nullable String condition) {
		TriggerProperties.Rule rule = new TriggerProperties.Rule();
		rule.setEvent(event);
		rule.setCondition(condition);
		this.properties.getRules().put(name, rule);
	}

	private TriggerEvaluator evaluator() {
		TriggerRegistry registry = new TriggerRegistry(this.beanFactory, this.properties, this.meterRegistry,
				Set.of("default"));
		registry.afterSingletonsInstantiated();
		TriggerEvaluator evaluator = new TriggerEvaluator(registry, this.properties.getTimeout(),
				this.properties.getMaxConcurrentPredicates(), new SimpleMeterRegistry());
		this.evaluator = evaluator;
		return evaluator;
	}

	private double evaluations(String trigger, String result) {
		return this.meterRegistry.get(Trigger.EVALUATIONS)
			.tag("trigger", trigger)
			.tag("result", result)
			.counter()
			.count();
	}

	private static RoomClientJoined joined(String roleName, int numClients, Map<String, Integer> byRoleName) {
		return joined("evt-1", roleName, numClients, byRoleName);
	}

	private static RoomClientJoined joined(String id, String roleName, int numClients,
			Map<String, Integer> byRoleName) {
		return new RoomClientJoined(id, "1.0", CREATED_AT, new ClientData("meeting-1", "/room", "session-1", "acme",
				roleName, "Pat", "participant-1", null, null, numClients, byRoleName, false));
	}

	/**
	 * Counts its constructions and static calls: a condition must reach neither.
	 */
	public static class ReachProbe {

		static final AtomicInteger reached = new AtomicInteger();

		public ReachProbe() {
			reached.incrementAndGet();
		}

		public static boolean touch() {
			reached.incrementAndGet();
			return true;
		}

	}

	@WherebyTrigger("room.client.joined")
	static class HostJoined implements TriggerPredicate<RoomClientJoined> {

		@Override
		public boolean test(RoomClientJoined joined) {
			return "host".equals(joined.data().roleName());
		}

	}

	@WherebyTrigger("room.client.joined")
	static class FailingPredicate implements TriggerPredicate<RoomClientJoined> {

		@Override
		public boolean test(RoomClientJoined joined) {
			throw new IllegalStateException("directory unavailable");
		}

	}

	@WherebyTrigger("room.client.joined")
	static class BlockingPredicate implements TriggerPredicate<RoomClientJoined> {

		private final CountDownLatch interrupted = new CountDownLatch(1);

		@Override
		public boolean test(RoomClientJoined joined) {
			try {
				// Never released: only the evaluator's cancellation ends the wait early.
				new CountDownLatch(1).await(10, TimeUnit.SECONDS);
				return true;
			}
			catch (InterruptedException ex) {
				this.interrupted.countDown();
				Thread.currentThread().interrupt();
				return false;
			}
		}

	}

	/**
	 * Holds the webhook {@code evt-held} until released; answers others at once.
	 */
	@WherebyTrigger("room.client.joined")
	static class GatedPredicate implements TriggerPredicate<RoomClientJoined> {

		private final CountDownLatch started;

		private final CountDownLatch release = new CountDownLatch(1);

		private final boolean stubborn;

		GatedPredicate(int holders) {
			this(holders, false);
		}

		GatedPredicate(int holders, boolean stubborn) {
			this.started = new CountDownLatch(holders);
			this.stubborn = stubborn;
		}

		@Override
		public boolean test(RoomClientJoined joined) {
			if (!joined.id().equals("evt-held")) {
				return true;
			}
			this.started.countDown();
			while (true) {
				try {
					return this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					if (!this.stubborn) {
						Thread.currentThread().interrupt();
						return false;
					}
				}
			}
		}

	}

	@WherebyTrigger("room.client.joined")
	static class NeverCompletingPredicate implements AsyncTriggerPredicate<RoomClientJoined> {

		@Override
		public CompletionStage<Boolean> test(RoomClientJoined joined) {
			return new CompletableFuture<>();
		}

	}

	@WherebyTrigger("room.client.joined")
	static class FailingAsyncPredicate implements AsyncTriggerPredicate<RoomClientJoined> {

		@Override
		public CompletionStage<Boolean> test(RoomClientJoined joined) {
			return CompletableFuture.failedFuture(new IllegalStateException("directory unavailable"));
		}

	}

	@WherebyTrigger("room.client.joined")
	static class NullAsyncPredicate implements AsyncTriggerPredicate<RoomClientJoined> {

		@Override
		public CompletionStage<Boolean> test(RoomClientJoined joined) {
			return null;
		}

	}

	/**
	 * The names of the triggers that fire for the webhook.
	 */
	private static List<String> fired(TriggerEvaluator evaluator, WherebyWebhook webhook) {
		return evaluator.fired(webhook).stream().map(Trigger::name).toList();
	}

}

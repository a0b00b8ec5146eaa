package io.github.wherebytrigger.trigger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import io.github.wherebytrigger.state.StateConfiguration;
import io.github.wherebytrigger.launch.LaunchConfiguration;
import io.github.wherebytrigger.launch.log.LoggingLauncherConfiguration;
import io.github.wherebytrigger.system.SystemConfiguration;
import io.github.wherebytrigger.webhook.ClientData;
import io.github.wherebytrigger.webhook.RoomClientJoined;
import io.github.wherebytrigger.webhook.RoomSessionEnded;
import io.github.wherebytrigger.webhook.WebhookType;
import io.github.wherebytrigger.webhook.WherebyWebhook;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for finding {@link WherebyTrigger @WherebyTrigger} beans and
 * {@code whereby.triggers.rules} at start-up, and for refusing the wrong ones.
 */
class TriggerDiscoveryTests {

	private static final RoomClientJoined HOST_JOINED = new RoomClientJoined("evt-1", "1.0",
			Instant.parse("2025-03-01T10:15:30Z"), new ClientData("meeting-1", "/room", "session-1", "acme", "host",
					"Hanna Host", "participant-1", null, null, 2, Map.of("host", 1, "member", 1), false));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SystemConfiguration.class, LoggingLauncherConfiguration.class,
				StateConfiguration.class, LaunchConfiguration.class, TriggerConfiguration.class))
		.withUserConfiguration(MeterRegistryConfiguration.class);

	@Test
	void runWhenClassBeanIsAnnotatedShouldDiscoverItUnderItsBeanName() {
		this.contextRunner.withBean("hostJoined", HostJoined.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(triggerNames(context, WebhookType.ROOM_CLIENT_JOINED)).containsExactly("hostJoined");
			assertThat(context.getBean(TriggerRegistry.class).all()).singleElement()
				.satisfies(
						(trigger) -> assertThat(trigger.source()).contains("hostJoined", HostJoined.class.getName()));
		});
	}

	@Test
	void runWhenAnnotationHasNameShouldUseItInsteadOfBeanName() {
		this.contextRunner.withBean("namedHostJoined", NamedHostJoined.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(triggerNames(context, WebhookType.ROOM_CLIENT_JOINED)).containsExactly("host-arrived");
		});
	}

	@Test
	void runWhenBeanMethodIsAnnotatedShouldDiscoverLambdaTypedByMethodReturnType() {
		this.contextRunner.withUserConfiguration(LambdaTriggerConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(triggerNames(context, WebhookType.ROOM_CLIENT_JOINED)).containsExactly("lambdaHostJoined");
			assertThat(fired(context.getBean(TriggerEvaluator.class), HOST_JOINED)).containsExactly("lambdaHostJoined");
		});
	}

	@Test
	void runWhenPredicateAcceptsSupertypeShouldDiscoverIt() {
		this.contextRunner.withBean("anyWebhook", AnyWebhook.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(triggerNames(context, WebhookType.ROOM_CLIENT_JOINED)).containsExactly("anyWebhook");
		});
	}

	@Test
	void runWhenBeanIsAsyncPredicateShouldDiscoverIt() {
		this.contextRunner.withBean("asyncHostJoined", AsyncHostJoined.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(triggerNames(context, WebhookType.ROOM_CLIENT_JOINED)).containsExactly("asyncHostJoined");
			assertThat(fired(context.getBean(TriggerEvaluator.class), HOST_JOINED)).containsExactly("asyncHostJoined");
		});
	}

	@Test
	void runWhenTriggerBeanIsClassProxyShouldDiscoverItWithItsType() {
		this.contextRunner.withBean("hostJoined", HostJoined.class)
			.withBean(ClassProxyingPostProcessor.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(AopUtils.isCglibProxy(context.getBean("hostJoined"))).isTrue();
				assertThat(triggerNames(context, WebhookType.ROOM_CLIENT_JOINED)).containsExactly("hostJoined");
				assertThat(fired(context.getBean(TriggerEvaluator.class), HOST_JOINED)).containsExactly("hostJoined");
			});
	}

	@Test
	void runWhenTriggerBeanIsInterfaceProxyShouldDiscoverItWithItsType() {
		this.contextRunner.withBean("hostJoined", HostJoined.class)
			.withBean(InterfaceProxyingPostProcessor.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(AopUtils.isJdkDynamicProxy(context.getBean("hostJoined"))).isTrue();
				assertThat(triggerNames(context, WebhookType.ROOM_CLIENT_JOINED)).containsExactly("hostJoined");
				assertThat(fired(context.getBean(TriggerEvaluator.class), HOST_JOINED)).containsExactly("hostJoined");
			});
	}

	@Test
	void runWhenAnnotationNamesUnknownEventShouldFailNamingBean() {
		this.contextRunner.withBean("misspelt", MisspeltEvent.class)
			.run((context) -> assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("'misspelt'")
				.hasMessageContaining("room.client.joind")
				.hasMessageContaining("not an event type"));
	}

	@Test
	void runWhenPredicateIsTypedForAnotherEventShouldFailNamingBean() {
		this.contextRunner.withBean("wrongRecord", SessionEndedAnnotatedAsJoined.class)
			.run((context) -> assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("'wrongRecord'")
				.hasMessageContaining("TriggerPredicate<RoomSessionEnded>")
				.hasMessageContaining("RoomClientJoined"));
	}

	@Test
	void runWhenBeanMethodReturnsPredicateTypedForAnotherEventShouldFailNamingBean() {
		this.contextRunner.withUserConfiguration(WrongLambdaTriggerConfiguration.class)
			.run((context) -> assertThat(rootCause(context.getStartupFailure()))
				.hasMessageContaining("'sessionEndedLambda'")
				.hasMessageContaining("TriggerPredicate<RoomSessionEnded>"));
	}

	@Test
	void runWhenAnnotatedBeanIsNoPredicateShouldFailNamingBean() {
		this.contextRunner.withBean("notAPredicate", NotAPredicate.class)
			.run((context) -> assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("'notAPredicate'")
				.hasMessageContaining("implements neither TriggerPredicate nor AsyncTriggerPredicate"));
	}

	@Test
	void runWhenPredicateIsRawShouldFailNamingBean() {
		this.contextRunner.withBean("rawPredicate", RawPredicate.class)
			.run((context) -> assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("'rawPredicate'")
				.hasMessageContaining("raw TriggerPredicate"));
	}

	@Test
	void runWhenBeanMethodReturnsRawPredicateShouldFailNamingBean() {
		this.contextRunner.withUserConfiguration(RawLambdaTriggerConfiguration.class)
			.run((context) -> assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("'rawLambda'")
				.hasMessageContaining("raw TriggerPredicate"));
	}

	@Test
	void runWhenTwoTriggersHaveSameNameShouldFailNamingBoth() {
		this.contextRunner.withBean("firstGreeter", FirstGreeter.class)
			.withBean("secondGreeter", SecondGreeter.class)
			.run((context) -> assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("'greeter'")
				.hasMessageContaining("firstGreeter")
				.hasMessageContaining("secondGreeter"));
	}

	@Test
	void runWhenRuleHasSameNameAsTriggerBeanShouldFailNamingBoth() {
		this.contextRunner.withBean("hostJoined", HostJoined.class)
			.withPropertyValues("whereby.triggers.rules.hostJoined.event=room.client.joined")
			.run((context) -> assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("'hostJoined'")
				.hasMessageContaining("whereby.triggers.rules.hostJoined"));
	}

	@Test
	void runWhenRuleIsConfiguredShouldDiscoverIt() {
		this.contextRunner
			.withPropertyValues("whereby.triggers.rules.hostArrived.event=room.client.joined",
					"whereby.triggers.rules.hostArrived.condition=data.roleName == 'host'")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(triggerNames(context, WebhookType.ROOM_CLIENT_JOINED)).containsExactly("hostArrived");
				assertThat(context.getBean(TriggerRegistry.class).all()).singleElement()
					.satisfies((trigger) -> assertThat(trigger.source())
						.isEqualTo("rule whereby.triggers.rules.hostArrived"));
				assertThat(fired(context.getBean(TriggerEvaluator.class), HOST_JOINED)).containsExactly("hostArrived");
			});
	}

	@Test
	void runWhenRuleConditionDoesNotParseShouldFailNamingRule() {
		this.contextRunner
			.withPropertyValues("whereby.triggers.rules.brokenRule.event=room.client.joined",
					"whereby.triggers.rules.brokenRule.condition=data.roleName ==")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.contains("rule 'brokenRule' has a condition that does not parse"));
	}

	@Test
	void runWhenRuleNamesUnknownEventShouldFailNamingRule() {
		this.contextRunner.withPropertyValues("whereby.triggers.rules.misspeltRule.event=room.client.joind")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.contains("rule 'misspeltRule' names event 'room.client.joind'"));
	}

	@Test
	void runWhenEnabledTypesContainUnknownTypeShouldFail() {
		this.contextRunner.withPropertyValues("whereby.triggers.enabled=room.client.joined,room.knock")
			.run((context) -> assertThat(messages(context.getStartupFailure())).contains("whereby.triggers")
				.contains("'room.knock' is not an event type"));
	}

	@Test
	void runWhenStartedShouldReportTriggersHealthUpWithCountsPerType() {
		this.contextRunner.withBean("hostJoined", HostJoined.class)
			.withBean("asyncHostJoined", AsyncHostJoined.class)
			.withPropertyValues("whereby.triggers.rules.sessionOver.event=room.session.ended")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Health health = context.getBean("triggersHealthIndicator", HealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("triggers",
						Map.of("room.client.joined", 2, "room.session.ended", 1));
			});
	}

	private static List<String> triggerNames(AssertableApplicationContext context, WebhookType type) {
		return context.getBean(TriggerRegistry.class).triggersFor(type).stream().map(Trigger::name).toList();
	}

	private static Throwable rootCause(Throwable failure) {
		assertThat(failure).as("start-up failure, but the context started").isNotNull();
		return NestedExceptionUtils.getMostSpecificCause(failure);
	}

	private static String messages(Throwable failure) {
		assertThat(failure).as("start-up failure, but the context started").isNotNull();
		StringBuilder messages = new StringBuilder();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			messages.append(current.getMessage()).append('\n');
		}
		return messages.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LambdaTriggerConfiguration {

		@Bean
		@WherebyTrigger("room.client.joined")
		TriggerPredicate<RoomClientJoined> lambdaHostJoined() {
			return (joined) -> "host".equals(joined.data().roleName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WrongLambdaTriggerConfiguration {

		@Bean
		@WherebyTrigger("room.client.joined")
		TriggerPredicate<RoomSessionEnded> sessionEndedLambda() {
			return (ended) -> true;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RawLambdaTriggerConfiguration {

		@Bean
		@WherebyTrigger("room.client.joined")
		@SuppressWarnings("rawtypes")
		TriggerPredicate rawLambda() {
			return (webhook) -> true;
		}

	}

	@WherebyTrigger("room.client.joined")
	static class HostJoined implements TriggerPredicate<RoomClientJoined> {

		@Override
		public boolean test(RoomClientJoined joined) {
			return "host".equals(joined.data().roleName());
		}

	}

	@WherebyTrigger(value = "room.client.joined", name = "host-arrived")
	static class NamedHostJoined implements TriggerPredicate<RoomClientJoined> {

		@Override
		public boolean test(RoomClientJoined joined) {
			return true;
		}

	}

	@WherebyTrigger("room.client.joined")
	static class AnyWebhook implements TriggerPredicate<WherebyWebhook> {

		@Override
		public boolean test(WherebyWebhook webhook) {
			return true;
		}

	}

	@WherebyTrigger("room.client.joined")
	static class AsyncHostJoined implements AsyncTriggerPredicate<RoomClientJoined> {

		@Override
		public CompletionStage<Boolean> test(RoomClientJoined joined) {
			return CompletableFuture.completedFuture("host".equals(joined.data().roleName()));
		}

	}

	@WherebyTrigger("room.client.joind")
	static class MisspeltEvent implements TriggerPredicate<RoomClientJoined> {

		@Override
		public boolean test(RoomClientJoined joined) {
			return true;
		}

	}

	@WherebyTrigger("room.client.joined")
	static class SessionEndedAnnotatedAsJoined implements TriggerPredicate<RoomSessionEnded> {

		@Override
		public boolean test(RoomSessionEnded ended) {
			return true;
		}

	}

	@WherebyTrigger("room.client.joined")
	static class NotAPredicate {

	}

	@WherebyTrigger("room.client.joined")
	@SuppressWarnings("rawtypes")
	static class RawPredicate implements TriggerPredicate {

		@Override
		public boolean test(WherebyWebhook webhook) {
			return true;
		}

	}

	@WherebyTrigger(value = "room.client.joined", name = "greeter")
	static class FirstGreeter implements TriggerPredicate<RoomClientJoined> {

		@Override
		public boolean test(RoomClientJoined joined) {
			return true;
		}

	}

	@WherebyTrigger(value = "room.client.joined", name = "greeter")
	static class SecondGreeter implements TriggerPredicate<RoomClientJoined> {

		@Override
		public boolean test(RoomClientJoined joined) {
			return true;
		}

	}

	/**
	 * Wraps {@link HostJoined} in a class-based proxy, as an auto-proxy creator would.
	 */
	static class ClassProxyingPostProcessor implements BeanPostProcessor {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!(bean instanceof HostJoined)) {
				return bean;
			}
			ProxyFactory proxyFactory = new ProxyFactory(bean);
			proxyFactory.setProxyTargetClass(true);
			return proxyFactory.getProxy(getClass().getClassLoader());
		}

	}

	/**
	 * Wraps {@link HostJoined} in a JDK proxy of its interfaces, as an auto-proxy creator
	 * would.
	 */
	static class InterfaceProxyingPostProcessor implements BeanPostProcessor {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!(bean instanceof HostJoined)) {
				return bean;
			}
			ProxyFactory proxyFactory = new ProxyFactory(bean);
			proxyFactory.setInterfaces(TriggerPredicate.class);
			return proxyFactory.getProxy(getClass().getClassLoader());
		}

	}

	/**
	 * The names of the triggers that fire for the webhook.
	 */
	private static List<String> fired(TriggerEvaluator evaluator, WherebyWebhook webhook) {
		return evaluator.fired(webhook).stream().map(Trigger::name).toList();
	}

}

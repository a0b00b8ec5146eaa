package io.github.wherebytrigger.trigger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;

import io.github.wherebytrigger.webhook.WebhookType;
import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * Finds every trigger once all singletons exist: beans annotated with
 * {@link WherebyTrigger @WherebyTrigger} (looking through proxies, on classes and on
 * {@code @Bean} methods) and the rules of {@code whereby.triggers.rules}. A trigger that
 * names an unknown type, does not implement a predicate, or accepts another record than
 * its type's stops start-up with a message naming it.
 */
final class TriggerRegistry implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(TriggerRegistry.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final TriggerProperties properties;

	private final MeterRegistry meterRegistry;

	private final Set<String> assistants;

	private volatile Map<WebhookType, List<Trigger>> byType = Map.of();

	private volatile boolean discovered;

	TriggerRegistry(ConfigurableListableBeanFactory beanFactory, TriggerProperties properties,
			MeterRegistry meterRegistry, Set<String> assistants) {
		this.beanFactory = beanFactory;
		this.properties = properties;
		this.meterRegistry = meterRegistry;
		this.assistants = Set.copyOf(assistants);
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<Trigger> triggers = new ArrayList<>();
		for (String beanName : this.beanFactory.getBeanNamesForAnnotation(WherebyTrigger.class)) {
			triggers.add(beanTrigger(beanName));
		}
		this.properties.getRules().forEach((name, rule) -> triggers.add(ruleTrigger(name, rule)));
		Map<String, List<Trigger>> byName = triggers.stream().collect(Collectors.groupingBy(Trigger::name));
		byName.forEach((name, same) -> {
			if (same.size() > 1) {
				throw new BeanInitializationException("Several triggers are named '" + name + "': " + same
						+ ". Give each a unique name (@WherebyTrigger(name = ...) or another rule name)");
			}
		});
		Map<WebhookType, List<Trigger>> grouped = new EnumMap<>(WebhookType.class);
		for (Trigger trigger : triggers) {
			grouped.computeIfAbsent(trigger.type(), (type) -> new ArrayList<>()).add(trigger);
		}
		grouped.replaceAll((type, list) -> List.copyOf(list));
		this.byType = Collections.unmodifiableMap(grouped);
		this.discovered = true;
		logger.info("Discovered " + triggers.size() + " trigger(s): " + triggers);
	}

	private Trigger beanTrigger(String beanName) {
		MergedAnnotation<WherebyTrigger> annotation = findAnnotation(beanName);
		String typeName = annotation.getString("value");
		WebhookType type = WebhookType.fromWireName(typeName)
			.orElseThrow(() -> new BeanInitializationException("Trigger bean '" + beanName + "' is annotated with "
					+ "@WherebyTrigger(\"" + typeName + "\"), which is not an event type this service acts on; "
					+ "known types: " + List.of(WebhookType.values())));
		Object bean = this.beanFactory.getBean(beanName);
		ResolvableType beanType = beanType(beanName, bean);
		String name = annotation.getString("name").isEmpty() ? beanName : annotation.getString("name");
		String source = "bean " + beanName + " of " + AopProxyUtils.ultimateTargetClass(bean).getName();
		Trigger.Check check;
		if (bean instanceof TriggerPredicate<?> predicate) {
			checkAccepts(beanName, type, beanType.as(TriggerPredicate.class), "TriggerPredicate");
			check = syncCheck(predicate);
		}
		else if (bean instanceof AsyncTriggerPredicate<?> predicate) {
			checkAccepts(beanName, type, beanType.as(AsyncTriggerPredicate.class), "AsyncTriggerPredicate");
			check = asyncCheck(predicate);
		}
		else {
			throw new BeanInitializationException(
					"Trigger bean '" + beanName + "' is annotated with @WherebyTrigger but "
							+ "implements neither TriggerPredicate nor AsyncTriggerPredicate");
		}
		String assistant = annotation.getString("assistant");
		checkAssistant(assistant, "Trigger bean '" + beanName + "'");
		return new Trigger(name, type, source, assistant, check, this.meterRegistry);
	}

	private void checkAssistant(String assistant, String what) {
		if (!this.assistants.contains(assistant)) {
			throw new BeanInitializationException(
					what + " starts assistant '" + assistant + "', which is not configured; configured assistants: "
							+ new TreeSet<>(this.assistants) + " (define others under whereby.assistants)");
		}
	}

	private MergedAnnotation<WherebyTrigger> findAnnotation(String beanName) {
		WherebyTrigger found = this.beanFactory.findAnnotationOnBean(beanName, WherebyTrigger.class);
		if (found == null) {
			throw new BeanInitializationException("Bean '" + beanName + "' lost its @WherebyTrigger annotation");
		}
		return MergedAnnotations.from(found).get(WherebyTrigger.class);
	}

	/**
	 * The bean's type with generics: from its definition (which knows a {@code @Bean}
	 * method's declared return type), else from the class behind any proxy.
	 */
	private ResolvableType beanType(String beanName, Object bean) {
		if (this.beanFactory.containsBeanDefinition(beanName)) {
			ResolvableType declared = this.beanFactory.getMergedBeanDefinition(beanName).getResolvableType();
			if (declaresAcceptedRecord(declared)) {
				return declared;
			}
		}
		return ResolvableType.forClass(AopProxyUtils.ultimateTargetClass(bean));
	}

	private static boolean declaresAcceptedRecord(ResolvableType type) {
		return isTyped(type.as(TriggerPredicate.class)) || isTyped(type.as(AsyncTriggerPredicate.class));
	}

	private static boolean isTyped(ResolvableType predicateType) {
		return predicateType != ResolvableType.NONE && !predicateType.hasUnresolvableGenerics();
	}

	private static void checkAccepts(String beanName, WebhookType type, ResolvableType predicateType,
			String predicateName) {
		Class<?> accepted = predicateType.getGeneric(0).resolve();
		if (!isTyped(predicateType) || accepted == null) {
			throw new BeanInitializationException("Trigger bean '" + beanName + "' is a raw " + predicateName
					+ ": declare the record it accepts, for example " + predicateName + "<"
					+ type.recordType().getSimpleName() + ">");
		}
		if (!accepted.isAssignableFrom(type.recordType())) {
			throw new BeanInitializationException("Trigger bean '" + beanName + "' is annotated for '" + type
					+ "' but is a " + predicateName + "<" + accepted.getSimpleName() + ">; a '" + type
					+ "' webhook is a " + type.recordType().getSimpleName());
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Trigger.Check syncCheck(TriggerPredicate<?> predicate) {
		TriggerPredicate<WherebyWebhook> typed = (TriggerPredicate) predicate;
		return (webhook, blocking) -> blocking.submit(() -> typed.test(webhook));
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Trigger.Check asyncCheck(AsyncTriggerPredicate<?> predicate) {
		AsyncTriggerPredicate<WherebyWebhook> typed = (AsyncTriggerPredicate) predicate;
		return (webhook, blocking) -> {
			CompletionStage<Boolean> stage = typed.test(webhook);
			if (stage == null) {
				throw new IllegalStateException("predicate returned null instead of a CompletionStage");
			}
			return stage.toCompletableFuture();
		};
	}

	private Trigger ruleTrigger(String name, TriggerProperties.Rule rule) {
		// The properties were validated at binding: event and condition are sound.
		WebhookType type = WebhookType.fromWireName(String.valueOf(rule.getEvent()))
			.orElseThrow(() -> new BeanInitializationException(
					"Rule '" + name + "' names an unknown event type '" + rule.getEvent() + "'"));
		String source = "rule whereby.triggers.rules." + name;
		checkAssistant(rule.getAssistant(), "Rule '" + name + "' (" + source + ".assistant)");
		return new Trigger(name, type, source, rule.getAssistant(), new ExpressionRule(rule.getCondition()),
				this.meterRegistry);
	}

	List<Trigger> triggersFor(WebhookType type) {
		return this.byType.getOrDefault(type, List.of());
	}

	List<Trigger> all() {
		return this.byType.values().stream().flatMap(List::stream).toList();
	}

	boolean isDiscovered() {
		return this.discovered;
	}

	Map<String, Integer> counts() {
		Map<String, Integer> counts = new HashMap<>();
		this.byType.forEach((type, list) -> counts.put(type.wireName(), list.size()));
		return counts;
	}

}

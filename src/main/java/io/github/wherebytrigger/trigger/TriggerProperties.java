package io.github.wherebytrigger.trigger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

import io.github.wherebytrigger.webhook.WebhookType;

/**
 * Which webhook types are acted on, and triggers declared in configuration.
 */
@ConfigurationProperties("whereby.triggers")
@Validated
public class TriggerProperties implements Validator {

	/**
	 * Webhook types whose triggers are evaluated; webhooks of the other types are
	 * answered 'disabled'.
	 */
	private Set<String> enabled = Arrays.stream(WebhookType.values())
		.map(WebhookType::wireName)
		.collect(Collectors.toCollection(LinkedHashSet::new));

	/**
	 * How long a trigger may take to decide; a trigger still undecided then makes the
	 * webhook answer 503, so that Whereby delivers it again.
	 */
	@NotNull
	private Duration timeout = Duration.ofSeconds(2);

	/**
	 * Most blocking trigger predicates (TriggerPredicate beans) running at once; more
	 * wait their turn within the timeout, then the webhook answers 503.
	 */
	@Min(1)
	private int maxConcurrentPredicates = 64;

	/**
	 * Triggers declared without code, by name: the event type and a Spring Expression
	 * Language condition over the webhook record.
	 */
	private Map<String, Rule> rules = new LinkedHashMap<>();

	/**
	 * Packages searched for @WherebyTrigger classes besides the application's own (those
	 * of its @SpringBootApplication class), for example the packages of extension jars
	 * added to the image's class path.
	 */
	private List<String> packages = new ArrayList<>();

	public Set<String> getEnabled() {
		return this.enabled;
	}

	public void setEnabled(Set<String> enabled) {
		this.enabled = enabled;
	}

	public int getMaxConcurrentPredicates() {
		return this.maxConcurrentPredicates;
	}

	public void setMaxConcurrentPredicates(int maxConcurrentPredicates) {
		this.maxConcurrentPredicates = maxConcurrentPredicates;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Map<String, Rule> getRules() {
		return this.rules;
	}

	public void setRules(Map<String, Rule> rules) {
		this.rules = rules;
	}

	public List<String> getPackages() {
		return this.packages;
	}

	public void setPackages(List<String> packages) {
		this.packages = packages;
	}

	@Override
	public boolean supports(Class<?> type) {
		return TriggerProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		TriggerProperties properties = (TriggerProperties) target;
		for (String type : properties.getEnabled()) {
			if (WebhookType.fromWireName(type).isEmpty()) {
				errors.rejectValue("enabled", "unknown",
						"'" + type + "' is not an event type this service acts on; known types: " + knownTypes());
			}
		}
		Duration timeout = properties.getTimeout();
		if (timeout != null
				&& (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(4)) > 0)) {
			errors.rejectValue("timeout", "range", "must be more than 0s and at most 4s (Whereby waits 5s)");
		}
		for (String name : properties.getPackages()) {
			if (!TriggerScan.isPackageName(name)) {
				errors.rejectValue("packages", "syntax", "'" + name + "' is not a Java package name");
			}
		}
		SpelExpressionParser parser = new SpelExpressionParser();
		properties.getRules().forEach((name, rule) -> {
			String field = "rules[" + name + "]";
			if (rule.getEvent() == null || WebhookType.fromWireName(rule.getEvent()).isEmpty()) {
				errors.rejectValue(field + ".event", "unknown", "rule '" + name + "' names event '" + rule.getEvent()
						+ "', which is not an event type this service acts on; known types: " + knownTypes());
			}
			if (rule.getCondition() != null) {
				try {
					parser.parseExpression(rule.getCondition());
					Optional<WebhookType> type = WebhookType.fromWireName(String.valueOf(rule.getEvent()));
					String wrong = type.map((event) -> ExpressionRule.check(rule.getCondition(), event.recordType()))
						.orElse(null);
					if (wrong != null) {
						errors.rejectValue(field + ".condition", "evaluation",
								"rule '" + name + "' has a condition that " + "does not evaluate on a "
										+ rule.getEvent() + " webhook: " + wrong);
					}
				}
				catch (ParseException ex) {
					errors.rejectValue(field + ".condition", "syntax",
							"rule '" + name + "' has a condition that does not parse: " + ex.getMessage());
				}
			}
		});
	}

	private static String knownTypes() {
		return Arrays.stream(WebhookType.values()).map(WebhookType::wireName).collect(Collectors.joining(", "));
	}

	/**
	 * A trigger declared in configuration.
	 */
	public static class Rule {

		/**
		 * The webhook type this rule evaluates, for example 'room.client.joined'.
		 */
		private @Nullable String event;

		/**
		 * Spring Expression Language condition evaluated read-only against the webhook
		 * record, for example "data.roleName == 'host' and data.numClients >= 2". Omitted
		 * means the rule fires for every webhook of its type.
		 */
		private @Nullable String condition;

		/**
		 * The assistant this rule starts: 'default', or a name of whereby.assistants.
		 */
		private String assistant = "default";

		public String getAssistant() {
			return this.assistant;
		}

		public void setAssistant(String assistant) {
			this.assistant = assistant;
		}

		public @Nullable String getEvent() {
			return this.event;
		}

		public void setEvent(@Nullable String event) {
			this.event = event;
		}

		public @Nullable String getCondition() {
			return this.condition;
		}

		public void setCondition(@Nullable String condition) {
			this.condition = condition;
		}

	}

}

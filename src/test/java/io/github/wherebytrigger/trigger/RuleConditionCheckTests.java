package io.github.wherebytrigger.trigger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.validation.BeanPropertyBindingResult;

import io.github.wherebytrigger.webhook.AssistantRequested;
import io.github.wherebytrigger.webhook.RoomClientJoined;
import io.github.wherebytrigger.webhook.RoomClientLeft;
import io.github.wherebytrigger.webhook.RoomSessionEnded;
import io.github.wherebytrigger.webhook.WherebyWebhook;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule's condition is checked at start-up against the record type of its event (issue
 * 12): mistakes that used to start fine and warn on every webhook are refused.
 */
class RuleConditionCheckTests {

	@ParameterizedTest
	@ValueSource(strings = { "data.roleName == 'host' and data.numClients >= 2", "data.roleName != 'viewer'",
			"data.numClientsByRoleName['host'] >= 1", "data.displayName.startsWith('Ada')",
			"data.roomName matches '/standup.*'", "data.isDialIn", "true" })
	void conditionsThatWorkOnRealWebhooksPass(String condition) {
		assertThat(ExpressionRule.check(condition, RoomClientJoined.class)).isNull();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "data.rolName == 'host'|rolName", "data.roleName = 'host'|",
			"data.numClients >= 'two'|", "data.roleName|not true or false" })
	void mistakesAreRefusedWithTheReason(String condition, String reason) {
		String wrong = ExpressionRule.check(condition, RoomClientJoined.class);
		assertThat(wrong).isNotNull();
		if (reason != null) {
			assertThat(wrong).contains(reason);
		}
	}

	@ParameterizedTest
	@ValueSource(classes = { RoomClientLeft.class, RoomSessionEnded.class, AssistantRequested.class })
	void aFieldTheEventTypeDoesNotHaveIsRefused(Class<? extends WherebyWebhook> type) {
		String condition = "data.roleName == 'host'";
		boolean hasRole = type == RoomClientLeft.class;
		assertThat(ExpressionRule.check(condition, type) == null).isEqualTo(hasRole);
	}

	@ParameterizedTest
	@ValueSource(strings = { "data.rolName == 'host'", "data.roleName = 'host'" })
	void theRuleIsRejectedWhenItsPropertiesAreValidated(String condition) {
		TriggerProperties properties = new TriggerProperties();
		TriggerProperties.Rule rule = new TriggerProperties.Rule();
		rule.setEvent("room.client.joined");
		rule.setCondition(condition);
		properties.getRules().put("host", rule);
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(properties, "whereby.triggers");
		properties.validate(properties, errors);
		assertThat(errors.getFieldErrors()).singleElement().satisfies((error) -> {
			assertThat(error.getField()).isEqualTo("rules[host].condition");
			assertThat(error.getDefaultMessage())
				.startsWith("rule 'host' has a condition that does not evaluate on a room.client.joined webhook: ");
		});
	}

}

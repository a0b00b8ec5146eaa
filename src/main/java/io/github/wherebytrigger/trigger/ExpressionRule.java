package io.github.wherebytrigger.trigger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * A YAML rule's condition: a Spring Expression Language expression evaluated read-only
 * against the webhook record, for example
 * {@code data.roleName == 'host' and data.numClients >= 2}. Evaluated on the calling
 * thread: it cannot block.
 */
final class ExpressionRule implements Trigger.Check {

	// Read-only data binding: properties and instance methods of the record and its
	// values, no type references, constructors, bean references or assignments.
	private static final EvaluationContext CONTEXT = SimpleEvaluationContext.forReadOnlyDataBinding()
		.withInstanceMethods()
		.build();

	private final @Nullable Expression condition;

	ExpressionRule(@Nullable String condition) {
		this.condition = (condition != null) ? new SpelExpressionParser().parseExpression(condition) : null;
	}

	/**
	 * Checks a condition against the record type of its event, as far as can be told
	 * before a webhook arrives: evaluates it on a sample record whose every value is set,
	 * so that an unknown property ({@code data.rolName}), an assignment ({@code =} for
	 * {@code ==}), a comparison of a number with text or a result that is not true or
	 * false fails now rather than on every webhook.
	 * @param condition the condition
	 * @param recordType the record type of the rule's event
	 * @return why the condition is wrong, {@code null} if it evaluates
	 */
	static @Nullable String check(String condition, Class<? extends WherebyWebhook> recordType) {
		Object value;
		try {
			value = new SpelExpressionParser().parseExpression(condition)
				.getValue(CONTEXT, SampleRecords.of(recordType));
		}
		catch (RuntimeException ex) {
			return ex.getMessage();
		}
		return (value instanceof Boolean) ? null
				: "it gives " + ((value != null) ? value.getClass().getSimpleName() : "null") + ", not true or false";
	}

	@Override
	public Future<Boolean> start(WherebyWebhook webhook, Trigger.BlockingCalls blocking) {
		if (this.condition == null) {
			return CompletableFuture.completedFuture(true);
		}
		Object value = this.condition.getValue(CONTEXT, webhook);
		if (value instanceof Boolean result) {
			return CompletableFuture.completedFuture(result);
		}
		throw new IllegalStateException("condition gave "
				+ ((value != null) ? value.getClass().getSimpleName() : "null") + ", not true or false");
	}

}

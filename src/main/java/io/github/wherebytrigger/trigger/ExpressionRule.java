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

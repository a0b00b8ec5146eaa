package io.github.wherebytrigger.trigger;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a bean a trigger for one webhook type: when it returns {@code true} for a webhook
 * of that type, an assistant is launched into the webhook's room. The bean implements
 * {@link TriggerPredicate} (answers at once) or {@link AsyncTriggerPredicate} (answers
 * later), typed with the record of the annotated type, for example:
 *
 * <pre class="code">
 * &#64;Component
 * &#64;WherebyTrigger("room.client.joined")
 * class HostJoined implements TriggerPredicate&lt;RoomClientJoined&gt; {
 *
 *     public boolean test(RoomClientJoined joined) {
 *         return "host".equals(joined.data().roleName());
 *     }
 *
 * }
 * </pre>
 *
 * The annotation can also sit on a {@code @Bean} method returning a predicate. A bean
 * whose annotation names an unknown type, or whose predicate does not accept the
 * annotated type's record, stops start-up.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WherebyTrigger {

	/**
	 * The webhook type this trigger evaluates, as Whereby spells it, for example
	 * {@code room.client.joined}.
	 * @return the webhook type
	 */
	String value();

	/**
	 * The trigger's name in answers, logs and metrics; the bean name when empty.
	 * @return the trigger name
	 */
	String name() default "";

	/**
	 * The assistant this trigger starts: {@code default}, or a name of
	 * {@code whereby.assistants}.
	 * @return the assistant name
	 */
	String assistant() default "default";

}

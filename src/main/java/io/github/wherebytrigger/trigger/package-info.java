/**
 * Triggers: the predicates that decide whether a webhook should start an assistant.
 * {@link io.github.wherebytrigger.trigger.WherebyTrigger @WherebyTrigger} beans and YAML
 * rules are discovered at start-up and evaluated for each webhook of their type.
 */
@NullMarked
package io.github.wherebytrigger.trigger;

import org.jspecify.annotations.NullMarked;

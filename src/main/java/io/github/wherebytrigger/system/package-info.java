/**
 * Cross-cutting configuration: the clock.
 */
@NullMarked
package io.github.wherebytrigger.system;

import org.jspecify.annotations.NullMarked;

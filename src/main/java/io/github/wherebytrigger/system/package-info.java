/**
 * Cross-cutting configuration: the clock and service-wide settings.
 */
@NullMarked
package io.github.wherebytrigger.system;

import org.jspecify.annotations.NullMarked;

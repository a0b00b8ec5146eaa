/**
 * The webhook edge: receives Whereby's HTTP deliveries, verifies their signature over the
 * raw bytes, parses them into immutable records and hands them on.
 */
@NullMarked
package io.github.wherebytrigger.webhook;

import org.jspecify.annotations.NullMarked;

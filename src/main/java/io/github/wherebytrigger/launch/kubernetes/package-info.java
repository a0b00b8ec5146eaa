/**
 * Launcher type {@code kubernetes}: one {@code batch/v1} Job per running assistant.
 */
@NullMarked
package io.github.wherebytrigger.launch.kubernetes;

import org.jspecify.annotations.NullMarked;

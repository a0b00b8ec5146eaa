/**
 * Launcher type {@code http}: asks a worker pool over HTTP to start and stop assistants.
 */
@NullMarked
package io.github.wherebytrigger.launch.http;

import org.jspecify.annotations.NullMarked;

/**
 * Launching: the {@link io.github.wherebytrigger.launch.AssistantLauncher} that starts
 * and stops assistants wherever they run, one sub-package per kind, and the coordination
 * that keeps one assistant per room.
 */
@NullMarked
package io.github.wherebytrigger.launch;

import org.jspecify.annotations.NullMarked;

/**
 * Launcher type {@code command}: runs each assistant as a local process, for development
 * and single machines.
 */
@NullMarked
package io.github.wherebytrigger.launch.command;

import org.jspecify.annotations.NullMarked;

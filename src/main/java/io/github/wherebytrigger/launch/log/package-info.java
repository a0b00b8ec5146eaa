/**
 * The default launcher: writes each launch and stop to the log and starts nothing.
 */
@NullMarked
package io.github.wherebytrigger.launch.log;

import org.jspecify.annotations.NullMarked;

/**
 * What the service remembers of events and rooms, behind one store: in this process's
 * memory, or in Redis shared by every replica.
 */
@NullMarked
package io.github.wherebytrigger.state;

import org.jspecify.annotations.NullMarked;

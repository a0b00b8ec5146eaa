package io.github.wherebytrigger.launch.command;

import org.jspecify.annotations.Nullable;

import io.github.wherebytrigger.launch.RunningAssistant;

/**
 * A process a command launcher watches: one it started, or an orphan of an earlier run it
 * is stopping.
 *
 * @param tree the process with its descendants
 * @param assistant the assistant it runs
 * @param record its record in the state directory, {@code null} when none was written
 * @param orphan whether an earlier run of the service started it
 */
record AssistantProcess(ProcessTree tree, RunningAssistant assistant, @Nullable ProcessRecord record, boolean orphan) {

	boolean isAlive() {
		return ProcessTree.isAlive(this.tree.root());
	}

	long pid() {
		return this.tree.root().pid();
	}

}

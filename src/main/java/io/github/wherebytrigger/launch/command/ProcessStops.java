package io.github.wherebytrigger.launch.command;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Stops the process trees of one launcher: SIGTERM, then SIGKILL for what still runs
 * after the grace period. It remembers the trees being stopped, so that shutdown waits
 * for those too, not only for the processes still registered.
 */
final class ProcessStops {

	// The launcher's logger: these lines are about its assistants.
	private static final Log logger = LogFactory.getLog(CommandLauncher.class);

	/**
	 * How long shutdown waits for killed processes to be gone.
	 */
	private static final long KILL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

	private final Duration grace;

	private final Set<ProcessTree> stopping = ConcurrentHashMap.newKeySet();

	ProcessStops(Duration grace) {
		this.grace = grace;
	}

	/**
	 * Stops a tree, killing what still runs after the grace period.
	 * @param tree the tree
	 */
	void stop(ProcessTree tree) {
		terminate(tree);
		long grace = this.grace.toMillis();
		CompletableFuture.delayedExecutor(grace, TimeUnit.MILLISECONDS).execute(() -> {
			if (this.stopping.remove(tree) && tree.isAlive()) {
				logger.warn("Assistant " + tree + " still runs " + grace + " ms after SIGTERM; killing " + tree.kill());
			}
		});
	}

	/**
	 * Sends SIGTERM to a tree, for {@link #awaitOrKill} to finish.
	 * @param tree the tree
	 */
	void terminate(ProcessTree tree) {
		tree.terminate();
		this.stopping.add(tree);
	}

	/**
	 * Waits for every tree sent SIGTERM to end, until the grace period after the given
	 * start; kills what still runs then, waits briefly for it, and logs what it killed.
	 * @param since the {@link System#nanoTime()} the last SIGTERM was sent at
	 */
	void awaitOrKill(long since) {
		long deadline = since + this.grace.toNanos();
		List<ProcessTree> trees = List.copyOf(this.stopping);
		trees.forEach((tree) -> tree.awaitExit(deadline));
		List<ProcessTree> killed = trees.stream().filter(ProcessTree::isAlive).toList();
		for (ProcessTree tree : killed) {
			logger.warn("Killing assistant " + tree + " at shutdown, still running " + this.grace.toMillis()
					+ " ms after SIGTERM: " + tree.kill());
		}
		long killDeadline = System.nanoTime() + KILL_WAIT_NANOS;
		killed.forEach((tree) -> tree.awaitExit(killDeadline));
		killed.stream()
			.filter(ProcessTree::isAlive)
			.forEach((tree) -> logger.error("Assistant " + tree + " outlives the service even after SIGKILL"));
	}

}

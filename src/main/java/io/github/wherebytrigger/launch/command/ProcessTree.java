package io.github.wherebytrigger.launch.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An assistant process with the processes it started, stopped as one: an assistant run
 * through a shell script is the script and its children, and signalling the script alone
 * leaves the children running.
 * <p>
 * It follows {@link ProcessHandle#descendants()} rather than a process group: Java cannot
 * put a child in a group of its own or signal a group without running {@code setsid} and
 * {@code kill} binaries, and a command may leave its group anyway. The descendants are
 * remembered when SIGTERM is sent, because a child whose parent exits on SIGTERM is no
 * longer a descendant of anything we hold, and looked up again before the kill. A process
 * that left the tree before the stop (a daemon that detached itself) is not found.
 */
final class ProcessTree {

	/**
	 * How far a recorded start instant may be from the one read now and still name the
	 * same process: Linux derives it from the boot time, which moves when the clock is
	 * stepped. A pid is not reused within a second of its last start.
	 */
	private static final Duration SAME_START = Duration.ofSeconds(1);

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	private final ProcessHandle root;

	private final String description;

	private final Set<ProcessHandle> members = ConcurrentHashMap.newKeySet();

	ProcessTree(ProcessHandle root, String description) {
		this.root = root;
		this.description = description;
		this.members.add(root);
	}

	ProcessHandle root() {
		return this.root;
	}

	/**
	 * Sends SIGTERM to the process and to each of its descendants.
	 */
	void terminate() {
		this.root.descendants().forEach(this.members::add);
		this.members.stream().filter(ProcessTree::isAlive).forEach(ProcessHandle::destroy);
	}

	/**
	 * Sends SIGKILL to what of the tree still lives, descendants started since the
	 * SIGTERM included.
	 * @return the processes killed
	 */
	List<ProcessHandle> kill() {
		this.root.descendants().forEach(this.members::add);
		List<ProcessHandle> alive = this.members.stream().filter(ProcessTree::isAlive).sorted().toList();
		alive.forEach(ProcessHandle::destroyForcibly);
		return alive;
	}

	/**
	 * Whether any process of the tree still lives.
	 */
	boolean isAlive() {
		return this.members.stream().anyMatch(ProcessTree::isAlive);
	}

	/**
	 * Waits for every process of the tree to end.
	 * @param deadline the {@link System#nanoTime()} to wait until at most
	 * @return whether the tree ended
	 */
	boolean awaitExit(long deadline) {
		while (isAlive()) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			LockSupport.parkNanos(Math.min(left, POLL_NANOS));
		}
		return true;
	}

	/**
	 * Whether a process lives. A zombie does not: a killed grandchild that was reparented
	 * to a process 1 which does not reap (this JVM, in a container) stays one, and
	 * {@link ProcessHandle#isAlive()} counts it as alive.
	 * @param process the process
	 * @return whether it lives
	 */
	static boolean isAlive(ProcessHandle process) {
		return process.isAlive() && !zombie(process.pid());
	}

	/**
	 * The process a pid names now, if it is the one that started at that instant.
	 * @param pid the pid
	 * @param started when that process started
	 * @return the living process, empty when it ended or the pid names another one
	 */
	static Optional<ProcessHandle> find(long pid, Instant started) {
		return ProcessHandle.of(pid)
			.filter(ProcessTree::isAlive)
			.filter((process) -> process.info()
				.startInstant()
				.map((instant) -> Duration.between(instant, started).abs().compareTo(SAME_START) <= 0)
				.orElse(false));
	}

	private static boolean zombie(long pid) {
		try {
			// /proc/<pid>/stat is "pid (command) state ...", and the command may hold
			// ")".
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			int end = stat.lastIndexOf(')');
			return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
		}
		catch (IOException | RuntimeException ex) {
			// No /proc (not Linux) or the process is gone: isAlive() alone decides.
			return false;
		}
	}

	@Override
	public String toString() {
		return this.description;
	}

}

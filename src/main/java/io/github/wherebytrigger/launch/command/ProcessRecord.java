package io.github.wherebytrigger.launch.command;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.launch.RunningAssistant;

/**
 * What the state directory keeps of a running assistant process, so that an instance
 * started after a crash can find it: its pid with its start instant (by then the pid
 * alone may name another process), the same of the instance that started it (a process
 * whose instance still runs is not an orphan), and the room it runs in.
 *
 * @param pid the pid of the process
 * @param started when the process started
 * @param ownerPid the pid of the JVM that started it
 * @param ownerStarted when that JVM started
 * @param assistant the name of the assistant
 * @param subdomain the organisation's subdomain of the room
 * @param roomName the name of the room
 * @param roomUrl the URL of the room
 * @param launchKey the key it was launched with
 */
record ProcessRecord(long pid, Instant started, long ownerPid, Instant ownerStarted, String assistant, String subdomain,
		String roomName, String roomUrl, String launchKey) {

	ProcessRecord {
		// A file missing a field is no record (JSON null reaches here as null, or 0).
		if (pid <= 0 || ownerPid <= 0) {
			throw new IllegalArgumentException("pid and ownerPid must be positive");
		}
		Objects.requireNonNull(started, "started");
		Objects.requireNonNull(ownerStarted, "ownerStarted");
		Objects.requireNonNull(assistant, "assistant");
		Objects.requireNonNull(subdomain, "subdomain");
		Objects.requireNonNull(roomName, "roomName");
		Objects.requireNonNull(roomUrl, "roomUrl");
		Objects.requireNonNull(launchKey, "launchKey");
	}

	/**
	 * The record of a process this JVM started.
	 * @param process the process
	 * @param request what it was started for
	 * @return the record, empty when the system does not tell start instants
	 */
	static Optional<ProcessRecord> of(ProcessHandle process, LaunchRequest request) {
		ProcessHandle owner = ProcessHandle.current();
		Optional<Instant> started = process.info().startInstant();
		Optional<Instant> ownerStarted = owner.info().startInstant();
		if (started.isEmpty() || ownerStarted.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new ProcessRecord(process.pid(), started.get(), owner.pid(), ownerStarted.get(),
				request.assistant(), request.subdomain(), request.roomName(), request.roomUrl(), request.launchKey()));
	}

	/**
	 * The assistant the process runs.
	 * @return the assistant, launched when the process started
	 */
	RunningAssistant runningAssistant() {
		return new RunningAssistant(this.assistant, this.subdomain, this.roomName, this.roomUrl, this.launchKey,
				this.started);
	}

	/**
	 * Whether the JVM that started the process still runs.
	 */
	boolean ownerRuns() {
		return ProcessTree.find(this.ownerPid, this.ownerStarted).isPresent();
	}

	/**
	 * The name of its file in the state directory: unique while the process lives, and
	 * not reused by a later process with the same pid.
	 */
	String fileName() {
		return this.pid + "-" + this.started.toEpochMilli() + ProcessRecords.SUFFIX;
	}

}

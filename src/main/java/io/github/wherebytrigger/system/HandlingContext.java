package io.github.wherebytrigger.system;

import java.util.concurrent.ExecutorService;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;

/**
 * What is known about the webhook being handled, for every log line written while
 * handling it: the logging context (MDC) keys, and the hand-over of that context and of
 * the current observation to the threads that run triggers and launchers.
 */
public final class HandlingContext {

	/**
	 * MDC key of the event id.
	 */
	public static final String EVENT_ID = "eventId";

	/**
	 * MDC key of the event type.
	 */
	public static final String EVENT_TYPE = "eventType";

	/**
	 * MDC key of the room, {@code <subdomain><roomName>}.
	 */
	public static final String ROOM = "room";

	private static final ContextSnapshotFactory snapshots;

	static {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
		snapshots = ContextSnapshotFactory.builder().build();
	}

	private HandlingContext() {
	}

	/**
	 * Wraps an executor so that its tasks run with the submitter's logging context and
	 * observation.
	 * @param executor the executor
	 * @return the wrapped executor
	 */
	public static ExecutorService propagating(ExecutorService executor) {
		return ContextExecutorService.wrap(executor, snapshots);
	}

}

package io.github.wherebytrigger.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.github.wherebytrigger.webhook.InRoomData;
import io.github.wherebytrigger.webhook.RetryLaterException;
import io.github.wherebytrigger.webhook.WebhookOutcome;
import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * Launches and stops assistants through the {@link AssistantLauncher}, keeping at most
 * one per room when {@code whereby.assistant.one-per-room} is on. A room is claimed
 * before its launch, so two events for the same room never launch twice: the second waits
 * for the first launch and answers {@link WebhookOutcome#ALREADY_RUNNING}, or launches
 * itself if the first failed. A failed or late launch releases the room and records
 * nothing.
 */
public final class AssistantCoordinator implements DisposableBean {

	static final String LAUNCHES = "whereby.launches";

	static final String STOPS = "whereby.stops";

	static final String RUNNING = "whereby.assistants.running";

	private static final Log logger = LogFactory.getLog(AssistantCoordinator.class);

	private static final int MAX_CONCURRENT_CALLS = 32;

	private final AssistantLauncher launcher;

	private final boolean onePerRoom;

	private final long deadlineNanos;

	private final Clock clock;

	private final ConcurrentMap<RoomKey, RoomSlot> rooms;

	private final ExecutorService executor;

	private final MeterRegistry meterRegistry;

	private final String launcherName;

	AssistantCoordinator(AssistantLauncher launcher, LauncherProperties launcherProperties,
			AssistantProperties assistantProperties, Clock clock, MeterRegistry meterRegistry) {
		this.launcher = launcher;
		this.onePerRoom = assistantProperties.isOnePerRoom();
		this.deadlineNanos = launcherProperties.getDeadline().toNanos();
		this.clock = clock;
		this.rooms = Caffeine.newBuilder()
			.expireAfterWrite(assistantProperties.getForgetAfter())
			.executor(Runnable::run)
			.<RoomKey, RoomSlot>build()
			.asMap();
		this.executor = new ThreadPoolExecutor(0, MAX_CONCURRENT_CALLS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				new CustomizableThreadFactory("whereby-launch-"));
		this.meterRegistry = meterRegistry;
		this.launcherName = AopProxyUtils.ultimateTargetClass(launcher).getSimpleName();
		Gauge.builder(RUNNING, this, AssistantCoordinator::runningCount)
			.description("Assistants this instance believes are running")
			.register(meterRegistry);
	}

	/**
	 * Launches an assistant into the webhook's room, unless one runs there already.
	 * @param webhook the webhook whose triggers fired
	 * @param roomUrl the room URL
	 * @param triggers the triggers that fired
	 * @param arrivalNanos when the webhook arrived, the start of the deadline
	 * @return {@link WebhookOutcome#LAUNCHED} or {@link WebhookOutcome#ALREADY_RUNNING}
	 * @throws RetryLaterException if the launcher failed or missed the deadline
	 */
	public WebhookOutcome launch(WherebyWebhook webhook, String roomUrl, List<String> triggers, long arrivalNanos) {
		long deadline = arrivalNanos + this.deadlineNanos;
		RoomKey room = RoomKey.of(webhook.data());
		if (!this.onePerRoom) {
			call(new LaunchRequest(roomUrl, webhook, triggers, room + "#" + webhook.id()), deadline);
			return WebhookOutcome.LAUNCHED;
		}
		while (true) {
			LaunchRequest wanted = new LaunchRequest(roomUrl, webhook, triggers, "");
			Launch launch = claim(room, wanted);
			// The launch is ours when it carries this very webhook object.
			if (launch.request().webhook() == webhook) {
				return launchClaimed(room, launch, deadline);
			}
			try {
				launch.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				return WebhookOutcome.ALREADY_RUNNING;
			}
			catch (ExecutionException ex) {
				// That launch failed and released the room: claim it again.
			}
			catch (TimeoutException ex) {
				throw new RetryLaterException("An assistant is still being launched into this room", null);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new RetryLaterException("Interrupted while waiting for a launch into this room", ex);
			}
		}
	}

	/**
	 * Claims the room for a launch, or finds the launch that holds it.
	 * @return the launch holding the room: a new one for this webhook if the room was
	 * free
	 */
	private Launch claim(RoomKey room, LaunchRequest wanted) {
		RoomSlot slot = this.rooms.compute(room, (key, current) -> {
			if (current != null && current.launch() != null) {
				return current;
			}
			int generation = (current != null) ? current.generation() : 1;
			LaunchRequest request = new LaunchRequest(wanted.roomUrl(), wanted.webhook(), wanted.triggers(),
					key + "#" + generation);
			return new RoomSlot(generation, new Launch(request, this.clock.instant(), new CompletableFuture<>()));
		});
		return Objects.requireNonNull(slot.launch(), "a claimed room holds a launch");
	}

	private WebhookOutcome launchClaimed(RoomKey room, Launch launch, long deadline) {
		try {
			call(launch.request(), deadline);
			launch.done().complete(null);
			return WebhookOutcome.LAUNCHED;
		}
		catch (RuntimeException | Error ex) {
			this.rooms.computeIfPresent(room,
					(key, slot) -> (slot.launch() == launch) ? new RoomSlot(slot.generation(), null) : slot);
			launch.done().completeExceptionally(ex);
			throw ex;
		}
	}

	private void call(LaunchRequest request, long deadline) {
		long start = System.nanoTime();
		Future<?> pending;
		try {
			pending = this.executor.submit(() -> {
				this.launcher.launch(request);
				return null;
			});
		}
		catch (RejectedExecutionException ex) {
			record(LAUNCHES, "rejected", start);
			throw new RetryLaterException("Too many assistant launches are in progress", ex);
		}
		try {
			pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			record(LAUNCHES, "launched", start);
			logger.info("Launched assistant into " + request.roomUrl() + " for webhook " + request.webhook().id()
					+ " (triggers " + request.triggers() + ", launch key " + request.launchKey() + ")");
		}
		catch (ExecutionException ex) {
			record(LAUNCHES, "failed", start);
			logger.warn("Launcher " + this.launcherName + " failed to launch into " + request.roomUrl()
					+ " for webhook " + request.webhook().id() + ": " + ex.getCause());
			throw new RetryLaterException("The assistant launcher failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			pending.cancel(true);
			record(LAUNCHES, "timeout", start);
			throw new RetryLaterException("The assistant launcher did not finish in time", ex);
		}
		catch (InterruptedException ex) {
			pending.cancel(true);
			Thread.currentThread().interrupt();
			throw new RetryLaterException("Interrupted while launching", ex);
		}
	}

	/**
	 * Stops the assistant running in the room of a {@code room.session.ended} webhook, if
	 * any, and frees the room for the next launch. The launcher is called in the
	 * background: stopping does not hold up the answer to Whereby.
	 * @param webhook the webhook that ended the room's session
	 */
	public void roomEnded(WherebyWebhook webhook) {
		RoomKey room = RoomKey.of(webhook.data());
		Launch[] ended = new Launch[1];
		this.rooms.computeIfPresent(room, (key, slot) -> {
			Launch launch = slot.launch();
			if (launch != null && launch.done().isDone() && !launch.done().isCompletedExceptionally()) {
				ended[0] = launch;
				return new RoomSlot(slot.generation() + 1, null);
			}
			return slot;
		});
		if (ended[0] != null) {
			StopRequest request = new StopRequest(ended[0].request().roomUrl(), ended[0].request().launchKey(),
					webhook);
			try {
				this.executor.execute(() -> stop(request));
			}
			catch (RejectedExecutionException ex) {
				stop(request);
			}
		}
	}

	private void stop(StopRequest request) {
		long start = System.nanoTime();
		try {
			this.launcher.stop(request);
			record(STOPS, "stopped", start);
			logger.info("Stopped assistant in " + request.roomUrl() + " (launch key " + request.launchKey()
					+ ") after webhook " + request.webhook().id());
		}
		catch (Exception ex) {
			record(STOPS, "failed", start);
			logger.warn("Launcher " + this.launcherName + " failed to stop the assistant in " + request.roomUrl() + ": "
					+ ex);
		}
	}

	private void record(String name, String outcome, long startNanos) {
		Timer.builder(name)
			.description("Calls to the assistant launcher, by launcher and outcome")
			.tag("launcher", this.launcherName)
			.tag("outcome", outcome)
			.register(this.meterRegistry)
			.record(Duration.ofNanos(System.nanoTime() - startNanos));
	}

	private double runningCount() {
		return this.rooms.values().stream().filter(RoomSlot::running).count();
	}

	@Override
	public void destroy() {
		this.executor.shutdown();
	}

	/**
	 * A room: the organisation's subdomain and the room name. Not the session id, which
	 * is {@code null} for the first participant.
	 */
	record RoomKey(String subdomain, String roomName) {

		static RoomKey of(InRoomData data) {
			return new RoomKey(data.subdomain(), data.roomName());
		}

		@Override
		public String toString() {
			return this.subdomain + this.roomName;
		}

	}

	/**
	 * What a room holds: the generation of its current or next launch, and that launch.
	 */
	record RoomSlot(int generation, @Nullable Launch launch) {

		boolean running() {
			return this.launch != null && this.launch.done().isDone() && !this.launch.done().isCompletedExceptionally();
		}

	}

	/**
	 * A launch into a room; {@code done} completes when the launcher returned.
	 */
	record Launch(LaunchRequest request, Instant since, CompletableFuture<Void> done) {

	}

}

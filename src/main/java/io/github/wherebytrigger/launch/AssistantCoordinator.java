package io.github.wherebytrigger.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
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
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.github.wherebytrigger.system.HandlingContext;
import io.github.wherebytrigger.webhook.ClientData;
import io.github.wherebytrigger.webhook.RetryLaterException;
import io.github.wherebytrigger.webhook.RoomClientLeft;
import io.github.wherebytrigger.webhook.WebhookOutcome;
import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * Launches and stops assistants through their launchers, keeping at most one per
 * assistant and room when {@code whereby.assistant.one-per-room} is on. A room is claimed
 * before its launch, so two events for the same room never launch twice: the second waits
 * for the first launch and answers {@link WebhookOutcome#ALREADY_RUNNING}, or launches
 * itself if the first failed. Launcher calls are retried with backoff within the
 * deadline; a failed or late launch releases the room and records nothing. An event
 * created before the room's assistants were last stopped (a late redelivery) launches
 * nothing: {@link WebhookOutcome#STALE}.
 */
public final class AssistantCoordinator implements SmartInitializingSingleton, DisposableBean {

	static final String LAUNCHES = "whereby.launches";

	static final String STOPS = "whereby.stops";

	static final String RUNNING = "whereby.assistants.running";

	/**
	 * Observation of each launch call, for tracing; its meters are switched off in favour
	 * of {@link #LAUNCHES}.
	 */
	static final String LAUNCH_OBSERVATION = "whereby.assistant.launch";

	/**
	 * Observation of each stop call, for tracing; its meters are switched off in favour
	 * of {@link #STOPS}.
	 */
	static final String STOP_OBSERVATION = "whereby.assistant.stop";

	private static final Log logger = LogFactory.getLog(AssistantCoordinator.class);

	private static final String ASSISTANT_ROLE = "assistant";

	private static final int MAX_CONCURRENT_CALLS = 32;

	private final Map<String, ConfiguredLauncher> launchers;

	private final LauncherProperties launcherProperties;

	private final AssistantProperties assistantProperties;

	private final Clock clock;

	private final MeterRegistry meterRegistry;

	private final ConcurrentMap<RoomKey, RoomSlot> rooms;

	private final ExecutorService executor;

	private final ObservationRegistry observationRegistry;

	AssistantCoordinator(Map<String, ConfiguredLauncher> launchers, LauncherProperties launcherProperties,
			AssistantProperties assistantProperties, Clock clock, MeterRegistry meterRegistry) {
		this(launchers, launcherProperties, assistantProperties, clock, meterRegistry, ObservationRegistry.NOOP);
	}

	AssistantCoordinator(Map<String, ConfiguredLauncher> launchers, LauncherProperties launcherProperties,
			AssistantProperties assistantProperties, Clock clock, MeterRegistry meterRegistry,
			ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
		this.launchers = Map.copyOf(launchers);
		this.launcherProperties = launcherProperties;
		this.assistantProperties = assistantProperties;
		this.clock = clock;
		this.meterRegistry = meterRegistry;
		this.rooms = Caffeine.newBuilder()
			.expireAfterWrite(assistantProperties.getForgetAfter())
			.executor(Runnable::run)
			.<RoomKey, RoomSlot>build()
			.asMap();
		this.executor = HandlingContext.propagating(new ThreadPoolExecutor(0, MAX_CONCURRENT_CALLS, 60,
				TimeUnit.SECONDS, new SynchronousQueue<>(), new CustomizableThreadFactory("whereby-launch-")));
		Gauge.builder(RUNNING, this, AssistantCoordinator::runningCount)
			.description("Assistants this instance believes are running")
			.register(meterRegistry);
	}

	/**
	 * The names of the configured assistants.
	 * @return the names, {@code default} among them
	 */
	public Set<String> assistantNames() {
		return this.launchers.keySet();
	}

	/**
	 * Launches each assistant whose triggers fired into the webhook's room, unless it
	 * runs there already.
	 * @param webhook the webhook whose triggers fired
	 * @param roomUrl the room URL
	 * @param triggersByAssistant the triggers that fired, by the assistant they start
	 * @param arrivalNanos when the webhook arrived, the start of the deadline
	 * @return {@link WebhookOutcome#LAUNCHED} when any assistant was launched,
	 * {@link WebhookOutcome#LAUNCH_REJECTED} when a launcher refused, else
	 * {@link WebhookOutcome#ALREADY_RUNNING}
	 * @throws RetryLaterException if a launcher failed or missed the deadline
	 */
	public WebhookOutcome launch(WherebyWebhook webhook, String roomUrl, Map<String, List<String>> triggersByAssistant,
			long arrivalNanos) {
		long deadline = arrivalNanos + this.launcherProperties.getDeadline().toNanos();
		List<WebhookOutcome> outcomes = new ArrayList<>();
		triggersByAssistant.forEach((assistant, triggers) -> outcomes
			.add(launchOne(launcher(assistant), webhook, roomUrl, triggers, deadline)));
		return outcomes.stream().min(Comparator.comparing(AssistantCoordinator::precedence)).orElseThrow();
	}

	private static int precedence(WebhookOutcome outcome) {
		return switch (outcome) {
			case LAUNCHED -> 0;
			case LAUNCH_REJECTED -> 1;
			case ALREADY_RUNNING -> 2;
			default -> 3;
		};
	}

	private WebhookOutcome launchOne(ConfiguredLauncher launcher, WherebyWebhook webhook, String roomUrl,
			List<String> triggers, long deadline) {
		RoomKey room = RoomKey.of(launcher.assistant(), webhook);
		if (!this.assistantProperties.isOnePerRoom()) {
			LaunchRequest request = new LaunchRequest(launcher.assistant(), roomUrl, webhook, triggers,
					room + "#" + webhook.id());
			return callLaunch(launcher, request, deadline);
		}
		while (true) {
			RoomSlot current = this.rooms.get(room);
			if (current != null && current.predates(webhook)) {
				logger.info("Not launching assistant '" + launcher.assistant() + "' for webhook " + webhook.id()
						+ ": it was created before the room's assistants were last stopped");
				return WebhookOutcome.STALE;
			}
			Claim claim = claim(room, launcher, webhook, roomUrl, triggers);
			if (claim.request() != null) {
				return launchClaimed(launcher, room, claim.launch(), claim.request(), deadline);
			}
			RoomLaunch holder = claim.launch();
			try {
				WebhookOutcome earlier = holder.done().get(remaining(deadline), TimeUnit.NANOSECONDS);
				if (earlier != WebhookOutcome.LAUNCHED) {
					continue;
				}
				if (stillRunning(launcher, holder, deadline)) {
					return WebhookOutcome.ALREADY_RUNNING;
				}
				logger.info("Assistant " + holder.assistant().launchKey() + " ended on its own; launching anew");
				release(room, holder, true);
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
	 * Claims the room for a new launch, or finds the launch that holds it.
	 */
	private Claim claim(RoomKey room, ConfiguredLauncher launcher, WherebyWebhook webhook, String roomUrl,
			List<String> triggers) {
		LaunchRequest[] created = new LaunchRequest[1];
		RoomSlot slot = this.rooms.compute(room, (key, current) -> {
			if (current != null && current.launch() != null) {
				return current;
			}
			int generation = (current != null) ? current.generation() : 1;
			LaunchRequest request = new LaunchRequest(launcher.assistant(), roomUrl, webhook, triggers,
					key + "#" + generation);
			created[0] = request;
			RunningAssistant assistant = new RunningAssistant(launcher.assistant(), key.subdomain(), key.roomName(),
					roomUrl, request.launchKey(), this.clock.instant());
			return new RoomSlot(generation, new RoomLaunch(assistant, new CompletableFuture<>()),
					(current != null) ? current.stoppedAt() : null);
		});
		return new Claim(Objects.requireNonNull(slot.launch(), "a claimed room holds a launch"), created[0]);
	}

	private WebhookOutcome launchClaimed(ConfiguredLauncher launcher, RoomKey room, RoomLaunch launch,
			LaunchRequest request, long deadline) {
		try {
			WebhookOutcome outcome = callLaunch(launcher, request, deadline);
			if (outcome != WebhookOutcome.LAUNCHED) {
				release(room, launch, false);
			}
			launch.done().complete(outcome);
			return outcome;
		}
		catch (RuntimeException | Error ex) {
			release(room, launch, false);
			launch.done().completeExceptionally(ex);
			throw ex;
		}
	}

	/**
	 * Frees the room held by that launch; after a launch that ran, the next one is a new
	 * generation.
	 */
	private void release(RoomKey room, RoomLaunch launch, boolean ran) {
		this.rooms.computeIfPresent(room, (key, slot) -> (slot.launch() == launch)
				? new RoomSlot(ran ? slot.generation() + 1 : slot.generation(), null, slot.stoppedAt()) : slot);
	}

	private WebhookOutcome callLaunch(ConfiguredLauncher launcher, LaunchRequest request, long deadline) {
		return observation(LAUNCH_OBSERVATION, launcher, request.launchKey(), request.roomUrl())
			.observe(() -> callLaunchObserved(launcher, request, deadline));
	}

	private WebhookOutcome callLaunchObserved(ConfiguredLauncher launcher, LaunchRequest request, long deadline) {
		long start = System.nanoTime();
		try {
			withDeadline(() -> {
				retrying(() -> launcher.launcher().launch(request), deadline);
				return null;
			}, deadline);
			record(LAUNCHES, launcher, "launched", start);
			logger.info("Launched assistant '" + request.assistant() + "' into " + request.roomUrl() + " for webhook "
					+ request.webhook().id() + " (triggers " + request.triggers() + ", launch key "
					+ request.launchKey() + ")");
			return WebhookOutcome.LAUNCHED;
		}
		catch (LaunchRejectedException ex) {
			record(LAUNCHES, launcher, "rejected", start);
			logger.error("Launcher " + launcher.type() + " of assistant '" + request.assistant()
					+ "' REJECTED the launch into " + request.roomUrl() + " for webhook " + request.webhook().id()
					+ "; this is a configuration error, fix it: " + ex.getMessage());
			return WebhookOutcome.LAUNCH_REJECTED;
		}
		catch (CallFailedException ex) {
			record(LAUNCHES, launcher, ex.outcome, start);
			logger.warn("Launcher " + launcher.type() + " of assistant '" + request.assistant()
					+ "' did not launch into " + request.roomUrl() + " for webhook " + request.webhook().id() + " ("
					+ ex.outcome + "): " + ex.getCause());
			throw new RetryLaterException("The assistant launcher " + ex.describe(), ex.getCause());
		}
	}

	private boolean stillRunning(ConfiguredLauncher launcher, RoomLaunch launch, long deadline) {
		try {
			return withDeadline(() -> launcher.launcher().isRunning(launch.assistant()), deadline);
		}
		catch (LaunchRejectedException | CallFailedException ex) {
			logger.debug("Could not tell whether " + launch.assistant().launchKey() + " runs; assuming it does", ex);
			return true;
		}
	}

	/**
	 * Stops the assistants running in the webhook's room when the webhook is a stop
	 * event: a type of {@code whereby.assistant.stop-on}, or a {@code room.client.left}
	 * leaving nobody but assistants when {@code whereby.assistant.stop-when-empty} is on.
	 * The room is freed once the launcher stopped its assistant.
	 * @param webhook the webhook
	 * @param roomUrl the room URL
	 * @param arrivalNanos when the webhook arrived, the start of the deadline
	 * @return whether the webhook was a stop event
	 * @throws RetryLaterException if a launcher failed to stop within the deadline
	 */
	public boolean stopIfEnded(WherebyWebhook webhook, String roomUrl, long arrivalNanos) {
		if (!isStopEvent(webhook)) {
			return false;
		}
		long deadline = arrivalNanos + this.launcherProperties.getDeadline().toNanos();
		for (ConfiguredLauncher launcher : this.launchers.values()) {
			RoomKey room = RoomKey.of(launcher.assistant(), webhook);
			RoomSlot slot = this.rooms.get(room);
			RoomLaunch launch = (slot != null) ? slot.launch() : null;
			if (launch != null && !launch.done().isDone()) {
				// Launching right now: its stop would race the launch. The launch wins;
				// the
				// next stop event (or forget-after) ends it.
				continue;
			}
			RoomLaunch ran = (launch != null && launch.ran()) ? launch : null;
			StopRequest request = new StopRequest(launcher.assistant(), roomUrl, room.subdomain(), room.roomName(),
					(ran != null) ? ran.assistant().launchKey() : null, webhook);
			callStop(launcher, request, deadline);
			if (ran != null) {
				release(room, ran, true);
			}
			markStopped(room, webhook.createdAt());
		}
		return true;
	}

	/**
	 * Remembers when the room's assistants were stopped, so that an older event delivered
	 * late does not launch an assistant into a meeting that has ended.
	 */
	private void markStopped(RoomKey room, @Nullable Instant createdAt) {
		if (createdAt == null) {
			return;
		}
		this.rooms.compute(room, (key, slot) -> {
			if (slot == null) {
				return new RoomSlot(1, null, createdAt);
			}
			Instant latest = (slot.stoppedAt() != null && slot.stoppedAt().isAfter(createdAt)) ? slot.stoppedAt()
					: createdAt;
			return new RoomSlot(slot.generation(), slot.launch(), latest);
		});
	}

	/**
	 * Whether an assistant of that name runs in the webhook's room, as far as this
	 * instance knows: a launch would answer {@link WebhookOutcome#ALREADY_RUNNING}. Calls
	 * no launcher and changes nothing.
	 * @param assistant the assistant's name
	 * @param webhook the webhook
	 * @return whether it runs there
	 */
	public boolean holdsRoom(String assistant, WherebyWebhook webhook) {
		RoomSlot slot = this.rooms.get(RoomKey.of(assistant, webhook));
		return slot != null && slot.launch() != null && (slot.launch().ran() || !slot.launch().done().isDone());
	}

	/**
	 * Whether the webhook was created before the assistants of that name were last
	 * stopped in its room: a launch would answer {@link WebhookOutcome#STALE}.
	 * @param assistant the assistant's name
	 * @param webhook the webhook
	 * @return whether it is stale
	 */
	public boolean isStale(String assistant, WherebyWebhook webhook) {
		RoomSlot slot = this.rooms.get(RoomKey.of(assistant, webhook));
		return slot != null && slot.predates(webhook);
	}

	/**
	 * Whether the webhook stops the assistants of its room (see {@link #stopIfEnded}).
	 * @param webhook the webhook
	 * @return whether it is a stop event
	 */
	public boolean isStopEvent(WherebyWebhook webhook) {
		if (this.assistantProperties.getStopOn().contains(webhook.type())) {
			return true;
		}
		return this.assistantProperties.isStopWhenEmpty() && webhook instanceof RoomClientLeft left
				&& onlyAssistantsLeft(left.data());
	}

	private static boolean onlyAssistantsLeft(ClientData data) {
		if (data.numClients() != null && data.numClients() == 0) {
			return true;
		}
		Map<String, Integer> byRole = data.numClientsByRoleName();
		return data.numClients() != null && !byRole.isEmpty()
				&& byRole.entrySet()
					.stream()
					.allMatch((entry) -> entry.getKey().equals(ASSISTANT_ROLE) || entry.getValue() == 0);
	}

	private void callStop(ConfiguredLauncher launcher, StopRequest request, long deadline) {
		observation(STOP_OBSERVATION, launcher, request.launchKey(), request.roomUrl())
			.observe(() -> callStopObserved(launcher, request, deadline));
	}

	/**
	 * An observation of a launcher call, for tracing: a user who adds a tracing bridge
	 * gets a span per call, a child of the webhook's.
	 */
	private Observation observation(String name, ConfiguredLauncher launcher, @Nullable String launchKey,
			String roomUrl) {
		return Observation.createNotStarted(name, this.observationRegistry)
			.contextualName(name.substring(name.lastIndexOf('.') + 1) + " " + launcher.assistant())
			.lowCardinalityKeyValue("assistant", launcher.assistant())
			.lowCardinalityKeyValue("launcher", launcher.type())
			.highCardinalityKeyValue("launch.key", (launchKey != null) ? launchKey : "none")
			.highCardinalityKeyValue("room.url", roomUrl);
	}

	private void callStopObserved(ConfiguredLauncher launcher, StopRequest request, long deadline) {
		long start = System.nanoTime();
		try {
			withDeadline(() -> {
				retrying(() -> launcher.launcher().stop(request), deadline);
				return null;
			}, deadline);
			record(STOPS, launcher, "stopped", start);
			if (request.launchKey() != null) {
				logger.info("Stopped assistant '" + request.assistant() + "' in " + request.roomUrl() + " (launch key "
						+ request.launchKey() + ") after webhook " + request.webhook().id());
			}
		}
		catch (LaunchRejectedException | CallFailedException ex) {
			String outcome = (ex instanceof CallFailedException failed) ? failed.outcome : "rejected";
			record(STOPS, launcher, outcome, start);
			logger.warn("Launcher " + launcher.type() + " of assistant '" + request.assistant()
					+ "' did not stop the assistant in " + request.roomUrl() + ": " + ex.getCause());
			throw new RetryLaterException("The assistant launcher did not stop the assistant", ex.getCause());
		}
	}

	/**
	 * Frees the room of an assistant that ended on its own.
	 * @param event the event a launcher published
	 */
	@EventListener
	public void onAssistantEnded(AssistantEndedEvent event) {
		RoomKey room = new RoomKey(event.getAssistant(), event.getSubdomain(), event.getRoomName());
		RoomSlot slot = this.rooms.get(room);
		if (slot != null && slot.launch() != null
				&& slot.launch().assistant().launchKey().equals(event.getLaunchKey())) {
			release(room, slot.launch(), true);
			logger.info("Assistant " + event.getLaunchKey() + " ended");
		}
	}

	/**
	 * Learns from each launcher which assistants already run, so that a restarted
	 * instance does not launch them twice.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		for (ConfiguredLauncher launcher : this.launchers.values()) {
			try {
				List<RunningAssistant> recovered = launcher.launcher().recover();
				for (RunningAssistant assistant : recovered) {
					RoomKey room = new RoomKey(assistant.assistant(), assistant.subdomain(), assistant.roomName());
					CompletableFuture<WebhookOutcome> done = CompletableFuture.completedFuture(WebhookOutcome.LAUNCHED);
					this.rooms.putIfAbsent(room,
							new RoomSlot(assistant.generation(), new RoomLaunch(assistant, done), null));
				}
				if (!recovered.isEmpty()) {
					logger.info("Recovered " + recovered.size() + " running assistant(s) '" + launcher.assistant()
							+ "' from the " + launcher.type() + " launcher");
				}
			}
			catch (Exception ex) {
				logger.warn("Could not recover the running assistants '" + launcher.assistant() + "' from the "
						+ launcher.type() + " launcher; starting without them: " + ex);
			}
		}
	}

	/**
	 * The assistants this instance believes are running, with what their launcher says of
	 * them.
	 * @return the running assistants
	 */
	List<AssistantState> running() {
		List<AssistantState> running = new ArrayList<>();
		for (RoomSlot slot : this.rooms.values()) {
			RoomLaunch launch = slot.launch();
			if (launch != null && launch.ran()) {
				ConfiguredLauncher launcher = launcher(launch.assistant().assistant());
				running.add(new AssistantState(launch.assistant(), launcher.type(), state(launcher, launch)));
			}
		}
		running.sort(Comparator.comparing((AssistantState state) -> state.assistant().since()));
		return running;
	}

	private static String state(ConfiguredLauncher launcher, RoomLaunch launch) {
		try {
			return launcher.launcher().state(launch.assistant());
		}
		catch (Exception ex) {
			return "unknown (" + ex.getClass().getSimpleName() + ")";
		}
	}

	Map<String, ConfiguredLauncher> launchers() {
		return this.launchers;
	}

	private ConfiguredLauncher launcher(String assistant) {
		ConfiguredLauncher launcher = this.launchers.get(assistant);
		if (launcher == null) {
			throw new IllegalStateException("No assistant named '" + assistant + "' is configured");
		}
		return launcher;
	}

	/**
	 * Calls the launcher with retries, within the deadline: transient failures are
	 * retried with exponential backoff until the deadline; a rejection is not retried.
	 */
	private void retrying(LauncherCall call, long deadline) throws Exception {
		LauncherProperties.Retry retry = this.launcherProperties.getRetry();
		RetryPolicy policy = RetryPolicy.builder()
			.maxRetries(Long.MAX_VALUE)
			.delay(retry.getInitialBackoff())
			.multiplier(retry.getMultiplier())
			.maxDelay(retry.getMaxBackoff())
			.timeout(Duration.ofNanos(remaining(deadline)))
			.predicate((failure) -> !(failure instanceof LaunchRejectedException)
					&& !(failure instanceof InterruptedException))
			.build();
		try {
			new RetryTemplate(policy).execute(() -> {
				call.run();
				return null;
			});
		}
		catch (RetryException ex) {
			if (ex.getLastException() instanceof Exception last) {
				throw last;
			}
			throw ex;
		}
	}

	/**
	 * Runs a launcher call on the launch pool and waits for it until the deadline,
	 * interrupting it when late.
	 */
	private <T> T withDeadline(Callable<T> call, long deadline) throws LaunchRejectedException, CallFailedException {
		Future<T> pending;
		try {
			pending = this.executor.submit(call);
		}
		catch (RejectedExecutionException ex) {
			throw new CallFailedException("rejected-busy", ex);
		}
		try {
			return pending.get(remaining(deadline), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof LaunchRejectedException rejected) {
				throw rejected;
			}
			throw new CallFailedException("failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			pending.cancel(true);
			throw new CallFailedException("timeout", ex);
		}
		catch (InterruptedException ex) {
			pending.cancel(true);
			Thread.currentThread().interrupt();
			throw new CallFailedException("interrupted", ex);
		}
	}

	private static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

	private void record(String name, ConfiguredLauncher launcher, String outcome, long startNanos) {
		Timer.builder(name)
			.description(name.equals(LAUNCHES) ? "Assistant launches, by assistant, launcher and outcome"
					: "Assistant stops, by assistant, launcher and outcome")
			.tag("assistant", launcher.assistant())
			.tag("launcher", launcher.type())
			.tag("outcome", outcome)
			.register(this.meterRegistry)
			.record(Duration.ofNanos(System.nanoTime() - startNanos));
	}

	private double runningCount() {
		return this.rooms.values().stream().filter((slot) -> slot.launch() != null && slot.launch().ran()).count();
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	@FunctionalInterface
	private interface LauncherCall {

		void run() throws Exception;

	}

	/**
	 * A launcher call that failed in a way a later attempt may not: the launcher threw
	 * after its retries, was late, or no thread was free.
	 */
	private static final class CallFailedException extends Exception {

		private final String outcome;

		CallFailedException(String outcome, @Nullable Throwable cause) {
			super(outcome, cause, false, false);
			this.outcome = outcome;
		}

		String describe() {
			return switch (this.outcome) {
				case "timeout" -> "did not finish in time";
				case "rejected-busy" -> "is busy with too many calls";
				default -> "failed";
			};
		}

	}

	/**
	 * An assistant in a room: not the session id, which is {@code null} for the first
	 * participant.
	 */
	record RoomKey(String assistant, String subdomain, String roomName) {

		static RoomKey of(String assistant, WherebyWebhook webhook) {
			return new RoomKey(assistant, webhook.data().subdomain(), webhook.data().roomName());
		}

		@Override
		public String toString() {
			return this.assistant + ":" + this.subdomain + this.roomName;
		}

	}

	/**
	 * What a room holds for one assistant: the generation of its current or next launch,
	 * that launch, and when (by Whereby's clock) its assistants were last stopped.
	 */
	record RoomSlot(int generation, @Nullable RoomLaunch launch, @Nullable Instant stoppedAt) {

		/**
		 * Whether the webhook was created before the room's last stop: a late redelivery
		 * of an event of a meeting that has ended since.
		 */
		boolean predates(WherebyWebhook webhook) {
			return this.stoppedAt != null && webhook.createdAt() != null
					&& webhook.createdAt().isBefore(this.stoppedAt);
		}

	}

	/**
	 * A launch into a room; {@code done} completes with the outcome once the launcher
	 * returned.
	 */
	record RoomLaunch(RunningAssistant assistant, CompletableFuture<WebhookOutcome> done) {

		boolean ran() {
			return this.done.isDone() && !this.done.isCompletedExceptionally()
					&& this.done.getNow(null) == WebhookOutcome.LAUNCHED;
		}

	}

	/**
	 * The result of claiming a room: the launch that holds it, and the request to send
	 * when that launch is ours.
	 */
	private record Claim(RoomLaunch launch, @Nullable LaunchRequest request) {

	}

	/**
	 * An assistant as the {@code assistants} endpoint shows it.
	 */
	record AssistantState(RunningAssistant assistant, String launcher, String state) {

	}

}

package io.github.wherebytrigger.launch.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.util.UriUtils;

import io.github.wherebytrigger.state.StateConfiguration;
import io.github.wherebytrigger.launch.AssistantCoordinator;
import io.github.wherebytrigger.launch.LaunchOutcome;
import io.github.wherebytrigger.launch.LauncherUnavailableException;
import io.github.wherebytrigger.launch.LaunchConfiguration;
import io.github.wherebytrigger.launch.LaunchRejectedException;
import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.launch.StopRequest;
import io.github.wherebytrigger.system.SystemConfiguration;
import io.github.wherebytrigger.webhook.ClientData;
import io.github.wherebytrigger.webhook.RoomClientJoined;
import io.github.wherebytrigger.webhook.RoomData;
import io.github.wherebytrigger.webhook.RoomSessionEnded;
import io.github.wherebytrigger.webhook.WebhookSignatureVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link HttpWorkerLauncher}, alone and behind the real
 * {@link AssistantCoordinator}, against a real HTTP server on loopback that records what
 * it receives and answers scripted statuses.
 */
class HttpWorkerLauncherTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:15:03Z"), ZoneOffset.UTC);

	private static final Instant CREATED_AT = Instant.parse("2026-11-20T10:15:00Z");

	private static final String ROOM_URL = "https://acme.whereby.com/standup";

	private static final String LAUNCH_KEY = "default:acme/standup@session-1#1";

	private static final String SECRET = "wt_signing_secret";

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();

	private final CountDownLatch released = new CountDownLatch(1);

	private volatile int defaultStatus = 201;

	private volatile boolean stalling;

	private HttpServer server;

	private ExecutorService executor;

	@BeforeEach
	void startWorker() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.executor = Executors.newCachedThreadPool();
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::answer);
		this.server.start();
	}

	@AfterEach
	void stopWorker() {
		this.released.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
			this.requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
					headers, body));
			if (this.stalling) {
				this.released.await(5, TimeUnit.SECONDS);
			}
			Integer scripted = this.statuses.poll();
			exchange.sendResponseHeaders((scripted != null) ? scripted : this.defaultStatus, -1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void launchIntoARoomWithANonAsciiNameShouldEncodeTheIdempotencyKeyAndSendTheKeyAsItIs() throws Exception {
		String key = "default:acme/café-会議@s\u202e-1#1";
		launcher().launch(new LaunchRequest("default", "https://acme.whereby.com/café-会議", joined(),
				List.of("host-joined"), key));
		assertThat(this.requests).singleElement().satisfies((request) -> {
			assertThat(request.headers()).containsEntry("Idempotency-Key",
					"default:acme/caf%C3%A9-%E4%BC%9A%E8%AD%B0@s%E2%80%AE-1#1");
			assertThat(new String(request.body(), StandardCharsets.UTF_8)).contains("\"launchKey\":\"" + key + "\"");
		});
		launcher().stop(new StopRequest("default", "https://acme.whereby.com/café-会議", "acme", "/café-会議", key,
				new RoomSessionEnded("evt-2", "1.0", CREATED_AT, new RoomData(null, "/café-会議", "s-1", "acme"))));
		assertThat(this.requests).hasSize(2);
		assertThat(this.requests.get(1).headers()).containsEntry("Idempotency-Key",
				"default:acme/caf%C3%A9-%E4%BC%9A%E8%AD%B0@s%E2%80%AE-1#1");
	}

	@Test
	void idempotencyKeyShouldKeepVisibleAsciiAsItIsAndEncodeThePercentSignOnlyWhenItEncodes() {
		assertThat(HttpWorkerLauncher.idempotencyKey("default:acme/standup@s-1#1"))
			.isEqualTo("default:acme/standup@s-1#1");
		assertThat(HttpWorkerLauncher.idempotencyKey("default:acme/100%-é#1"))
			.isEqualTo("default:acme/100%25-%C3%A9#1");
		assertThat(HttpWorkerLauncher.idempotencyKey("a b\u0000c")).isEqualTo("a%20b%00c");
	}

	@Test
	void callsShouldSpeakHttp11WithoutOfferingAnUpgrade() throws Exception {
		launcher().launch(request());
		assertThat(this.requests).singleElement()
			.satisfies((request) -> assertThat(request.headers()).doesNotContainKeys("Upgrade", "HTTP2-Settings"));
	}

	@Test
	void launchShouldPostTheLaunchAsJson() throws Exception {
		launcher().launch(request());
		RecordedRequest posted = onlyRequest();
		assertThat(posted.method()).isEqualTo("POST");
		assertThat(posted.path()).isEqualTo("/assistants");
		assertThat(posted.headers().get("Content-Type")).startsWith("application/json");
		JsonNode body = JsonMapper.builder().build().readTree(posted.body());
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("assistant", "roomUrl", "launchKey", "triggers",
				"webhook");
		assertThat(body.get("assistant").asString()).isEqualTo("default");
		assertThat(body.get("roomUrl").asString()).isEqualTo(ROOM_URL);
		assertThat(body.get("launchKey").asString()).isEqualTo(LAUNCH_KEY);
		assertThat(body.get("triggers").values()).extracting(JsonNode::asString)
			.containsExactly("host-joined", "standup-time");
		JsonNode webhook = body.get("webhook");
		assertThat(webhook.get("id").asString()).isEqualTo("evt-1");
		assertThat(webhook.get("type").asString()).isEqualTo("room.client.joined");
		assertThat(webhook.get("createdAt").asString()).isEqualTo("2026-11-20T10:15:00Z");
		assertThat(webhook.get("data").get("roomName").asString()).isEqualTo("/standup");
		assertThat(webhook.get("data").get("subdomain").asString()).isEqualTo("acme");
	}

	@Test
	void launchShouldSendTheLaunchKeyAsIdempotencyKey() throws Exception {
		launcher().launch(request());
		assertThat(onlyRequest().headers()).containsEntry("Idempotency-Key", LAUNCH_KEY);
	}

	@Test
	void launchWithSigningSecretShouldSignTheBodyVerifiably() throws Exception {
		launcher((properties) -> properties.setSigningSecret(SECRET)).launch(request());
		RecordedRequest posted = onlyRequest();
		String signature = posted.headers().get("Whereby-Trigger-Signature");
		assertThat(signature).startsWith("t=" + CLOCK.instant().getEpochSecond() + ",v1=");
		WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(List.of(SECRET), Duration.ofMinutes(5), CLOCK);
		assertThatNoException().isThrownBy(() -> verifier.verify(posted.body(), signature));
	}

	@Test
	void launchWithoutSigningSecretShouldNotSign() throws Exception {
		launcher().launch(request());
		assertThat(onlyRequest().headers()).doesNotContainKey("Whereby-Trigger-Signature");
	}

	@Test
	void launchWithBearerTokenShouldAuthorizeWithIt() throws Exception {
		launcher((properties) -> properties.setBearerToken("worker-token")).launch(request());
		assertThat(onlyRequest().headers()).containsEntry("Authorization", "Bearer worker-token");
	}

	@Test
	void launchWithoutBearerTokenShouldSendNoAuthorization() throws Exception {
		launcher().launch(request());
		assertThat(onlyRequest().headers()).doesNotContainKey("Authorization");
	}

	@ParameterizedTest
	@ValueSource(ints = { 200, 201, 202, 204, 409 })
	void launchWhenWorkerAcceptsOrAlreadyRunsItShouldSucceed(int status) {
		this.defaultStatus = status;
		assertThatNoException().isThrownBy(() -> launcher().launch(request()));
		assertThat(this.requests).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(ints = { 408, 429, 500, 502, 503 })
	void launchWhenWorkerFailsForNowShouldThrowForRetry(int status) {
		this.defaultStatus = status;
		assertThatException().isThrownBy(() -> launcher().launch(request()))
			.isNotInstanceOf(LaunchRejectedException.class)
			.withMessageContaining(String.valueOf(status));
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 422 })
	void launchWhenWorkerRefusesShouldReject(int status) {
		this.defaultStatus = status;
		assertThatExceptionOfType(LaunchRejectedException.class)
			.isThrownBy(() -> launcher((properties) -> properties.setBearerToken("worker-token")).launch(request()))
			.withMessageContaining(String.valueOf(status))
			.withMessageNotContaining("worker-token");
	}

	@Test
	void launchWhenNothingListensShouldThrowForRetry() throws Exception {
		URI closed = URI.create("http://127.0.0.1:" + closedPort() + "/assistants");
		assertThatException().isThrownBy(() -> launcher((properties) -> properties.setUrl(closed)).launch(request()))
			.isNotInstanceOf(LaunchRejectedException.class);
	}

	@Test
	void launchWhenWorkerDoesNotAnswerInTimeShouldThrowForRetry() {
		this.stalling = true;
		assertThatException()
			.isThrownBy(
					() -> launcher((properties) -> properties.setReadTimeout(Duration.ofMillis(200))).launch(request()))
			.isNotInstanceOf(LaunchRejectedException.class);
	}

	@Test
	void stopShouldDeleteTheEncodedLaunchKeyBelowTheUrl() throws Exception {
		launcher((properties) -> properties.setSigningSecret(SECRET)).stop(stop(LAUNCH_KEY));
		RecordedRequest deleted = onlyRequest();
		assertThat(deleted.method()).isEqualTo("DELETE");
		assertThat(deleted.path()).startsWith("/assistants/");
		String segment = deleted.path().substring("/assistants/".length());
		assertThat(segment).doesNotContain("/", "#").contains("%2F", "%23");
		assertThat(UriUtils.decode(segment, StandardCharsets.UTF_8)).isEqualTo(LAUNCH_KEY);
		assertThat(deleted.headers()).containsEntry("Idempotency-Key", LAUNCH_KEY);
		WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(List.of(SECRET), Duration.ofMinutes(5), CLOCK);
		assertThatNoException()
			.isThrownBy(() -> verifier.verify(deleted.body(), deleted.headers().get("Whereby-Trigger-Signature")));
	}

	@Test
	void stopWhenUrlEndsWithSlashShouldNotDoubleIt() throws Exception {
		launcher((properties) -> properties.setUrl(URI.create(url("/assistants/")))).stop(stop(LAUNCH_KEY));
		assertThat(onlyRequest().path()).startsWith("/assistants/default").doesNotContain("//");
	}

	@Test
	void stopWithCustomMethodAndUrlShouldUseThem() throws Exception {
		launcher((properties) -> {
			properties.getStop().setMethod("POST");
			properties.getStop().setUrl(url("/sessions/{launchKey}/stop"));
		}).stop(stop(LAUNCH_KEY));
		RecordedRequest stopped = onlyRequest();
		assertThat(stopped.method()).isEqualTo("POST");
		assertThat(stopped.path()).startsWith("/sessions/").endsWith("/stop");
		String segment = stopped.path().substring("/sessions/".length(), stopped.path().length() - "/stop".length());
		assertThat(UriUtils.decode(segment, StandardCharsets.UTF_8)).isEqualTo(LAUNCH_KEY);
	}

	@Test
	void stopWhenWorkerNoLongerKnowsTheAssistantShouldSucceed() {
		this.defaultStatus = 404;
		assertThatNoException().isThrownBy(() -> launcher().stop(stop(LAUNCH_KEY)));
	}

	@Test
	void stopWhenWorkerFailsShouldThrowForRetry() {
		this.defaultStatus = 503;
		assertThatException().isThrownBy(() -> launcher().stop(stop(LAUNCH_KEY)))
			.isNotInstanceOf(LaunchRejectedException.class);
	}

	@Test
	void stopWithoutLaunchKeyShouldCallNothing() throws Exception {
		launcher().stop(stop(null));
		assertThat(this.requests).isEmpty();
	}

	@Test
	void healthWhenWorkerAnswersShouldBeUp() {
		this.defaultStatus = 405;
		Health health = launcher().health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("worker", url(""));
		assertThat(onlyRequest().method()).isEqualTo("HEAD");
	}

	@Test
	void healthWhenNothingListensShouldBeDown() throws Exception {
		String worker = "http://127.0.0.1:" + closedPort();
		Health health = launcher((properties) -> properties.setUrl(URI.create(worker + "/assistants"))).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("worker", worker);
	}

	@Test
	void healthShouldShowOnlySchemeHostAndPortOfTheWorker() {
		URI url = URI.create(
				"http://operator:s3cret@127.0.0.1:" + this.server.getAddress().getPort() + "/assistants?token=t0ken");
		Health health = launcher((properties) -> properties.setUrl(url)).health();
		assertThat(health.getDetails()).containsEntry("worker", url(""));
		assertThat(health.getDetails().values()).allSatisfy((value) -> assertThat(String.valueOf(value))
			.doesNotContain("s3cret", "operator", "t0ken", "/assistants"));
	}

	@Test
	void launchThroughCoordinatorWhenWorkerIsUnavailableTwiceShouldRetryAndLaunch() {
		this.statuses.addAll(List.of(503, 503));
		coordinated().run((context) -> {
			assertThat(launch(context)).isEqualTo(LaunchOutcome.LAUNCHED);
			assertThat(this.requests).hasSize(3)
				.extracting((request) -> request.headers().get("Idempotency-Key"))
				.containsOnly(LAUNCH_KEY);
		});
	}

	@Test
	void launchThroughCoordinatorWhenWorkerKeepsFailingShouldAskForRetryLater() {
		this.defaultStatus = 500;
		coordinated().withPropertyValues("whereby.launcher.deadline=500ms").run((context) -> {
			assertThatExceptionOfType(LauncherUnavailableException.class).isThrownBy(() -> launch(context));
			assertThat(this.requests).hasSizeGreaterThan(1);
		});
	}

	@Test
	void launchThroughCoordinatorWhenWorkerRejectsShouldAnswerLaunchRejectedAfterOneRequest() {
		this.defaultStatus = 400;
		coordinated().run((context) -> {
			assertThat(launch(context)).isEqualTo(LaunchOutcome.LAUNCH_REJECTED);
			assertThat(this.requests).hasSize(1);
		});
	}

	@Test
	void stopThroughCoordinatorShouldDeleteWhatItLaunched() {
		coordinated().run((context) -> {
			launch(context);
			this.defaultStatus = 204;
			RoomSessionEnded ended = new RoomSessionEnded("evt-2", "1.0", CREATED_AT,
					new RoomData(null, "/standup", "session-1", "acme"));
			assertThat(context.getBean(AssistantCoordinator.class).stopIfEnded(ended, ROOM_URL, System.nanoTime()))
				.containsExactly("default");
			assertThat(this.requests).extracting(RecordedRequest::method).containsExactly("POST", "DELETE");
			assertThat(UriUtils.decode(this.requests.get(1).path(), StandardCharsets.UTF_8))
				.isEqualTo("/assistants/" + LAUNCH_KEY);
		});
	}

	private ApplicationContextRunner coordinated() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SystemConfiguration.class, HttpLauncherConfiguration.class,
					StateConfiguration.class, LaunchConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("whereby.launcher.type=http", "whereby.launcher.http.url=" + url("/assistants"),
					"whereby.launcher.deadline=2s", "whereby.launcher.retry.initial-backoff=20ms");
	}

	private static LaunchOutcome launch(AssertableApplicationContext context) {
		return context.getBean(AssistantCoordinator.class)
			.launch(joined(), ROOM_URL, Map.of("default", List.of("host-joined")), System.nanoTime());
	}

	private HttpWorkerLauncher launcher() {
		return launcher((properties) -> {
		});
	}

	private HttpWorkerLauncher launcher(Consumer<HttpLauncherProperties> customizer) {
		HttpLauncherProperties properties = new HttpLauncherProperties();
		properties.setUrl(URI.create(url("/assistants")));
		properties.setConnectTimeout(Duration.ofMillis(500));
		properties.setReadTimeout(Duration.ofSeconds(2));
		customizer.accept(properties);
		return new HttpWorkerLauncher(properties, JsonMapper.builder().build(), CLOCK);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	private RecordedRequest onlyRequest() {
		assertThat(this.requests).hasSize(1);
		return this.requests.get(0);
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static RoomClientJoined joined() {
		return new RoomClientJoined("evt-1", "1.0", CREATED_AT, new ClientData(null, "/standup", "session-1", "acme",
				"host", "Ada", "p_1", null, null, 1, Map.of("host", 1), false));
	}

	private static LaunchRequest request() {
		return new LaunchRequest("default", ROOM_URL, joined(), List.of("host-joined", "standup-time"), LAUNCH_KEY);
	}

	private static StopRequest stop(String launchKey) {
		return new StopRequest("default", ROOM_URL, "acme", "/standup", launchKey,
				new RoomSessionEnded("evt-2", "1.0", CREATED_AT, new RoomData(null, "/standup", "session-1", "acme")));
	}

	/**
	 * What the worker received.
	 */
	record RecordedRequest(String method, String path, Map<String, String> headers, byte[] body) {

	}

}

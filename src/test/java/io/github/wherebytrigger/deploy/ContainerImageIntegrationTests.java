package io.github.wherebytrigger.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import com.example.extension.InvitedByExtension;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container image built from the project's {@code Dockerfile}, run the way the Helm
 * chart runs it: as its own user on a read-only root file system, configured through the
 * environment and arguments, probed on the management port, under a memory limit, and
 * stopped with SIGTERM.
 * <p>
 * No registry is reachable where CI runs, so the Dockerfile's public base images cannot
 * be pulled: the test runs only when {@value #BUILD_IMAGE_VARIABLE} and
 * {@value #RUNTIME_IMAGE_VARIABLE} name a JDK 25 and a JRE 25 image present in the Docker
 * engine ({@code .ci/run} builds both), and is skipped otherwise. The engine there has no
 * bridge network, so the build and the containers use the host's network.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerImageIntegrationTests {

	private static final String BUILD_IMAGE_VARIABLE = "WHEREBY_TEST_BUILD_IMAGE";

	private static final String RUNTIME_IMAGE_VARIABLE = "WHEREBY_TEST_RUNTIME_IMAGE";

	private static final String SECRET = "whsec_container_tests";

	private static final long MEMORY_LIMIT = 512L * 1024 * 1024;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static String image;

	private static Service service;

	private static RuntimeException startFailure;

	// Assumptions here rather than in a @BeforeAll method, so that a skip is reported,
	// with its reason, for each test. The image is built and started once.
	@BeforeEach
	void buildImageAndStartItOnce() {
		String buildImage = localImageNamedBy(BUILD_IMAGE_VARIABLE);
		String runtimeImage = localImageNamedBy(RUNTIME_IMAGE_VARIABLE);
		if (startFailure != null) {
			throw startFailure;
		}
		if (service == null) {
			try {
				// A fixed name, kept after the run: a repeat run reuses the engine's
				// layer cache, dependencies included, instead of building from scratch.
				image = new ImageFromDockerfile("whereby-trigger:container-tests", false)
					.withDockerfile(Path.of("Dockerfile").toAbsolutePath())
					.withBuildArg("BUILD_IMAGE", buildImage)
					.withBuildArg("RUNTIME_IMAGE", runtimeImage)
					// The build downloads Maven and the dependencies from Maven Central.
					.withBuildImageCmdModifier((build) -> build.withNetworkMode("host"))
					.get();
				service = Service.start(image);
				service.awaitReadiness();
			}
			catch (RuntimeException ex) {
				startFailure = ex;
				throw ex;
			}
		}
	}

	@AfterAll
	static void stopIt() {
		if (service != null) {
			service.container().stop();
		}
	}

	@Test
	void runsAsItsOwnNumericUserWithJavaAsTheOnlyProcess() {
		InspectContainerResponse info = service.container().getContainerInfo();
		// Numeric, so that Kubernetes' runAsNonRoot can check it without a passwd file.
		assertThat(info.getConfig().getUser()).isEqualTo("10001:10001");
		TopContainerResponse top = service.container()
			.getDockerClient()
			.topContainerCmd(service.container().getContainerId())
			.withPsArgs("-o pid,uid,gid,args")
			.exec();
		List<String> titles = Arrays.asList(top.getTitles());
		// No shell in between: java is process 1 and receives the signals itself.
		assertThat(Arrays.asList(top.getProcesses())).singleElement().satisfies((process) -> {
			assertThat(process[titles.indexOf("UID")]).isEqualTo("10001");
			assertThat(process[titles.indexOf("GID")]).isEqualTo("10001");
			assertThat(process[titles.indexOf("COMMAND")]).startsWith("java ");
		});
	}

	@Test
	void startsFromSpringAotAndItsAotCacheWithFlagsFromJavaToolOptions() {
		assertThat(service.container().getLogs()).contains("Picked up JAVA_TOOL_OPTIONS: -XX:AOTMode=on")
			.contains("Starting AOT-processed WherebyTriggerApplication")
			.contains("Started WherebyTriggerApplication");
	}

	@Test
	void redisStoreStaysARunTimeChoiceWithSpringAot() throws Exception {
		// Spring AOT fixed the bean set when the image was built, with the memory store's
		// defaults; the Redis store is chosen here. Nothing listens on the Redis port, so
		// the store reports itself DOWN and a webhook is answered 503 (Whereby retries).
		Service redis = Service.start(image, "--whereby.state.store=redis",
				"--spring.data.redis.url=redis://127.0.0.1:" + freePort());
		try {
			HttpResponse<String> readiness = get(redis.managementPort(), "/actuator/health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(json(readiness).at("/components/roomState/status").asString()).isEqualTo("DOWN");
			assertThat(redis.webhooks().deliver(joined("/redis")).statusCode()).isEqualTo(503);
		}
		finally {
			redis.container().stop();
		}
	}

	@Test
	void readinessAndLivenessAreUpOnTheManagementPort() throws Exception {
		HttpResponse<String> readiness = get(service.managementPort(), "/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(json(readiness).path("status").asString()).isEqualTo("UP");
		assertThat(get(service.managementPort(), "/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	@Test
	void heapFollowsTheContainerMemoryLimit() throws Exception {
		HttpResponse<String> heap = get(service.managementPort(), "/actuator/metrics/jvm.memory.max?tag=area:heap");
		assertThat(heap.statusCode()).isEqualTo(200);
		double maxHeap = json(heap).at("/measurements/0/value").asDouble();
		// MaxRAMPercentage=50 of the limit, less the survivor space kept empty.
		assertThat(maxHeap).isBetween(0.4 * MEMORY_LIMIT, 0.5 * MEMORY_LIMIT);
	}

	@Test
	void signedWebhookIsAnsweredWithItsOutcome() throws Exception {
		String room = "/room-" + UUID.randomUUID();
		HttpResponse<String> response = service.webhooks().deliver(joined(room));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/json"));
		JsonNode outcome = json(response);
		assertThat(outcome.path("outcome").asString()).isEqualTo("launched");
		assertThat(outcome.path("triggers").get(0).asString()).isEqualTo("host-joined");
		assertThat(outcome.path("roomUrl").asString()).isEqualTo("https://acme.whereby.com" + room);
	}

	@Test
	void triggerOfAnExtensionJarIsFoundAndLaunches() throws Exception {
		JsonNode triggers = json(get(service.managementPort(), "/actuator/triggers"));
		assertThat(triggers.path("triggers").findValuesAsString("name")).contains("invited-by-extension");
		String room = "/room-" + UUID.randomUUID();
		String requested = """
				{"id":"evt-%s","apiVersion":"1.0","createdAt":"2026-11-20T10:15:00.000Z","type":"assistant.requested",
				 "data":{"roomName":"%s","subdomain":"acme"}}""".formatted(UUID.randomUUID(), room);
		JsonNode outcome = json(service.webhooks().deliver(requested));
		assertThat(outcome.path("outcome").asString()).isEqualTo("launched");
		assertThat(outcome.path("triggers").get(0).asString()).isEqualTo("invited-by-extension");
	}

	@Test
	void unsignedWebhookIsAnswered401() throws Exception {
		HttpResponse<String> response = service.webhooks()
			.deliver(joined("/unsigned").getBytes(StandardCharsets.UTF_8), null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void sigtermLetsTheRequestInFlightFinishThenExits() throws Exception {
		Service stopping = Service.start(image);
		try {
			stopping.awaitReadiness();
			int port = stopping.port();
			WebhookClient webhooks = stopping.webhooks();
			assertThat(webhooks.deliver(joined("/warm-up")).statusCode()).isEqualTo(200);
			byte[] body = joined("/in-flight").getBytes(StandardCharsets.UTF_8);
			int half = body.length / 2;
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
				socket.setSoTimeout(30_000);
				OutputStream out = socket.getOutputStream();
				out.write(("POST /webhooks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Content-Length: " + body.length + "\r\nWhereby-Signature: " + webhooks.sign(body)
						+ "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				out.write(body, 0, half);
				out.flush();
				// Time for the request to reach the endpoint, which then waits
				// for the rest of the body.
				Thread.sleep(500);
				stopping.container()
					.getDockerClient()
					.killContainerCmd(stopping.container().getContainerId())
					.withSignal("TERM")
					.exec();
				awaitUntil(() -> stopping.container().getLogs().contains("Commencing graceful shutdown"),
						Duration.ofSeconds(10));
				out.write(body, half, body.length - half);
				out.flush();
				BufferedReader in = new BufferedReader(
						new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
				assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 ");
			}
			awaitUntil(() -> !Boolean.TRUE.equals(stopping.inspect().getState().getRunning()), Duration.ofSeconds(30));
			// 143 = 128 + SIGTERM: the JVM ran its shutdown hooks (Boot's
			// graceful shutdown), then ended because of the signal. A kill after
			// the grace period would be 137.
			assertThat(stopping.inspect().getState().getExitCodeLong()).isEqualTo(143L);
			assertThat(stopping.container().getLogs()).contains("Graceful shutdown complete")
				.doesNotContain("Graceful shutdown aborted");
		}
		finally {
			stopping.container().stop();
		}
	}

	private static String localImageNamedBy(String variable) {
		String name = System.getenv(variable);
		assumeTrue(name != null && !name.isBlank(), () -> variable + " is not set. No registry is reachable here, "
				+ "so the Dockerfile's public base images cannot be pulled: set " + BUILD_IMAGE_VARIABLE + " and "
				+ RUNTIME_IMAGE_VARIABLE + " to a JDK 25 and a JRE 25 image in the local engine (.ci/run builds both)");
		assumeTrue(isPresentLocally(name), () -> variable + "=" + name + " is not an image of the local engine, "
				+ "and no registry is reachable to pull it");
		return name;
	}

	private static boolean isPresentLocally(String name) {
		try {
			DockerClientFactory.instance().client().inspectImageCmd(name).exec();
			return true;
		}
		catch (NotFoundException ex) {
			return false;
		}
	}

	private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JsonMapper.shared().readTree(response.body());
	}

	private static String joined(String room) {
		return WebhookBodies.joined("evt-" + UUID.randomUUID(), room, "host");
	}

	private static void awaitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition met within " + timeout).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port", ex);
		}
	}

	/**
	 * A container of the image, hardened as the Helm chart runs it (read-only root file
	 * system with a writable {@code /tmp}, no capabilities, no privilege escalation), on
	 * free ports of the host's network: the webhook endpoint on one, Actuator on another,
	 * with a YAML rule and the given arguments as arguments. Started once its log says
	 * so; not yet ready, perhaps.
	 */
	private record Service(GenericContainer<?> container, int port, int managementPort) {

		static Service start(String image, String... arguments) {
			int port = freePort();
			int managementPort = freePort();
			List<String> command = new ArrayList<>(
					List.of("--server.port=" + port, "--management.server.port=" + managementPort,
							"--whereby.triggers.rules.host-joined.event=room.client.joined",
							"--whereby.triggers.rules.host-joined.condition=data.roleName == 'host'"));
			command.addAll(List.of(arguments));
			GenericContainer<?> container = new GenericContainer<>(image).withNetworkMode("host")
				.withEnv("WHEREBY_WEBHOOK_SIGNINGSECRETS", SECRET)
				// The JVM then refuses to start unless it can use the image's AOT cache:
				// every container here also checks that the cache fits.
				.withEnv("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on")
				// A jar of a trigger class on the extension path, as the chart mounts it:
				// with -XX:AOTMode=on above, this also checks that the cache still
				// serves.
				.withEnv("WHEREBY_TRIGGERS_PACKAGES", InvitedByExtension.class.getPackageName())
				.withCommand(command.toArray(String[]::new))
				.withCreateContainerCmdModifier((create) -> create.getHostConfig()
					.withMemory(MEMORY_LIMIT)
					.withReadonlyRootfs(true)
					.withBinds(new Bind(extensionJars().toString(), new Volume("/app/extensions"), AccessMode.ro))
					.withTmpFs(Map.of("/tmp", "rw,size=64m"))
					.withCapDrop(Capability.ALL)
					.withSecurityOpts(List.of("no-new-privileges")))
				.waitingFor(Wait.forLogMessage(".*Started WherebyTriggerApplication .*\\n", 1))
				.withStartupTimeout(Duration.ofMinutes(1));
			container.start();
			return new Service(container, port, managementPort);
		}

		/**
		 * A folder with one jar, of {@link InvitedByExtension}, as a user's extension jar
		 * would be.
		 */
		private static Path extensionJars() {
			String entry = InvitedByExtension.class.getName().replace('.', '/') + ".class";
			try {
				Path folder = Files.createDirectories(Path.of("target", "container-extensions").toAbsolutePath());
				try (InputStream in = InvitedByExtension.class.getClassLoader().getResourceAsStream(entry);
						JarOutputStream jar = new JarOutputStream(
								Files.newOutputStream(folder.resolve("triggers.jar")))) {
					// Directory entries, as Maven, Gradle and the jar tool write them:
					// class
					// path scanning finds a package through them.
					String directory = "";
					for (String part : InvitedByExtension.class.getPackageName().split("\\.")) {
						directory += part + "/";
						jar.putNextEntry(new JarEntry(directory));
					}
					jar.putNextEntry(new JarEntry(entry));
					in.transferTo(jar);
				}
				return folder;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		WebhookClient webhooks() {
			return new WebhookClient(this.port, SECRET);
		}

		InspectContainerResponse inspect() {
			return this.container.getDockerClient().inspectContainerCmd(this.container.getContainerId()).exec();
		}

		// Boot logs "Started" just before it declares itself ready to accept traffic.
		void awaitReadiness() {
			try {
				awaitUntil(() -> {
					try {
						return get(this.managementPort, "/actuator/health/readiness").statusCode() == 200;
					}
					catch (IOException ex) {
						return false;
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return false;
					}
				}, Duration.ofSeconds(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}

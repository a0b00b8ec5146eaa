package io.github.wherebytrigger.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.exception.NotFoundException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A running Redis 7 for a test class:
 * {@code @RegisterExtension static final TestRedis redis = new TestRedis();}, then
 * {@link #url()} (or {@link #host()} and {@link #port()}) and {@link #flushAll()}.
 * <p>
 * The Redis is, in this order: the one {@value #URL_VARIABLE} names; else a container of
 * the image {@value #IMAGE_VARIABLE} names, in the host's network, when a Docker engine
 * is reachable ({@code .ci/run} builds the image, as no registry is reachable); else a
 * {@code redis-server} found on the {@code PATH}, run as a child process. Either of the
 * last two is started once per JVM, on a free loopback port without persistence, shared
 * by every test class and stopped when the JVM exits. With none of them, the test class
 * is skipped, saying what is missing; if the one found fails to start, the class fails.
 */
public final class TestRedis implements ExecutionCondition, BeforeAllCallback {

	/** An existing Redis, for example {@code redis://127.0.0.1:6379}. */
	public static final String URL_VARIABLE = "WHEREBY_TEST_REDIS_URL";

	/** A Redis image present in the local Docker engine. */
	public static final String IMAGE_VARIABLE = "WHEREBY_TEST_REDIS_IMAGE";

	private static final String MISSING = "no Redis for this test: set " + URL_VARIABLE + ", or " + IMAGE_VARIABLE
			+ " with a Docker engine (as .ci/run does), or install redis-server";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private URI server;

	// Surefire reports a class skipped by an assumption in beforeAll as running no test,
	// without the reason: a disabled class is reported as skipped, with it.
	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		Located located = Shared.LOCATED;
		return (located.url() != null || located.failure() != null) ? ConditionEvaluationResult.enabled("Redis")
				: ConditionEvaluationResult.disabled(MISSING + located.notes());
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		Located located = Shared.LOCATED;
		if (located.failure() != null) {
			throw new IllegalStateException("Redis for the tests did not start", located.failure());
		}
		assumeTrue(located.url() != null, () -> MISSING + located.notes());
		this.server = located.url();
	}

	/**
	 * The Redis URL, {@code redis://127.0.0.1:PORT} unless {@value #URL_VARIABLE} names
	 * another.
	 * @return the URL
	 */
	public String url() {
		return server().toString();
	}

	public String host() {
		return server().getHost();
	}

	public int port() {
		return (server().getPort() != -1) ? server().getPort() : 6379;
	}

	/** Empties every database of the Redis. */
	public void flushAll() {
		RedisClient client = RedisClient.create(url());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().flushall();
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	private URI server() {
		if (this.server == null) {
			throw new IllegalStateException(
					"No Redis yet: register TestRedis with @RegisterExtension on a static field");
		}
		return this.server;
	}

	/**
	 * A Redis URL, or why there is none: notes on the sources that were set but could not
	 * be used, or the failure of the one that should have started.
	 */
	private record Located(URI url, String notes, RuntimeException failure) {

	}

	/** Locates or starts the Redis of the JVM when a first test class needs it. */
	private static final class Shared {

		static final Located LOCATED = locate();

		private static Located locate() {
			List<String> notes = new ArrayList<>();
			try {
				String url = System.getenv(URL_VARIABLE);
				if (url != null && !url.isBlank()) {
					return new Located(URI.create(url.strip()), "", null);
				}
				String image = System.getenv(IMAGE_VARIABLE);
				if (image != null && !image.isBlank()) {
					if (!DockerClientFactory.instance().isDockerAvailable()) {
						notes.add(IMAGE_VARIABLE + " is set but no Docker engine is reachable");
					}
					else if (!isPresentLocally(image.strip())) {
						notes.add(IMAGE_VARIABLE + "=" + image.strip() + " is not an image of the local Docker engine,"
								+ " and no registry is reachable to pull it");
					}
					else {
						return new Located(startContainer(image.strip()), "", null);
					}
				}
				Path redisServer = onPath("redis-server");
				if (redisServer != null) {
					return new Located(startProcess(redisServer), "", null);
				}
				return new Located(null, notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")", null);
			}
			catch (RuntimeException ex) {
				return new Located(null, "", ex);
			}
		}

		private static boolean isPresentLocally(String image) {
			try {
				DockerClientFactory.instance().client().inspectImageCmd(image).exec();
				return true;
			}
			catch (NotFoundException ex) {
				return false;
			}
		}

		private static URI startContainer(String image) {
			int port = freePort();
			GenericContainer<?> container = new GenericContainer<>(image).withNetworkMode("host")
				.withCommand(command("redis-server", port))
				.waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1))
				.withStartupTimeout(STARTUP_TIMEOUT);
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-redis"));
			return loopback(port);
		}

		private static URI startProcess(Path redisServer) {
			int port = freePort();
			try {
				Path log = Files.createTempFile("test-redis-", ".log");
				log.toFile().deleteOnExit();
				Process process = new ProcessBuilder(command(redisServer.toString(), port)).redirectErrorStream(true)
					.redirectOutput(log.toFile())
					.start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					process.destroy();
					try {
						process.waitFor(5, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}, "stop-test-redis"));
				long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
				while (!Files.readString(log, StandardCharsets.UTF_8).contains("Ready to accept connections")) {
					if (!process.isAlive() || System.nanoTime() > deadline) {
						process.destroy();
						throw new IllegalStateException(redisServer + " did not start on port " + port + ":\n"
								+ Files.readString(log, StandardCharsets.UTF_8));
					}
					Thread.sleep(20);
				}
				return loopback(port);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		// On loopback only, without persistence: a throwaway Redis.
		private static String[] command(String redisServer, int port) {
			return new String[] { redisServer, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
					"--appendonly", "no", "--protected-mode", "no" };
		}

		private static Path onPath(String name) {
			String path = System.getenv("PATH");
			if (path == null) {
				return null;
			}
			for (String directory : path.split(File.pathSeparator)) {
				Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return candidate;
				}
			}
			return null;
		}

		private static int freePort() {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("No free port", ex);
			}
		}

		private static URI loopback(int port) {
			return URI.create("redis://127.0.0.1:" + port);
		}

	}

}

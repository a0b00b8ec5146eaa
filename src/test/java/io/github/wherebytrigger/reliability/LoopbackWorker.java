package io.github.wherebytrigger.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP worker pool on loopback, for the HTTP launcher: a {@code POST /assistants}
 * takes {@code launchMillis}, then starts the assistant (even when the service stopped
 * waiting) and answers 201; any other method on {@code /assistants/<key>} stops one and
 * answers 204. Records the {@code Idempotency-Key} of each.
 */
final class LoopbackWorker implements AutoCloseable {

	final List<String> launched = new CopyOnWriteArrayList<>();

	final List<String> stopped = new CopyOnWriteArrayList<>();

	private final HttpServer server;

	private final ExecutorService threads;

	private LoopbackWorker(int threads, long launchMillis) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
		this.server.createContext("/assistants", (exchange) -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
				if ("POST".equals(exchange.getRequestMethod())) {
					Thread.sleep(launchMillis);
					this.launched.add(key);
					exchange.sendResponseHeaders(201, -1);
				}
				else {
					this.stopped.add(key);
					exchange.sendResponseHeaders(204, -1);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		this.threads = Executors.newFixedThreadPool(threads);
		this.server.setExecutor(this.threads);
		this.server.start();
	}

	/**
	 * Starts a worker.
	 * @param threads how many requests it serves at once
	 * @param launchMillis how long each launch takes
	 * @return the worker
	 */
	static LoopbackWorker start(int threads, long launchMillis) throws IOException {
		return new LoopbackWorker(threads, launchMillis);
	}

	/**
	 * The service's arguments that launch through this worker.
	 * @return the arguments
	 */
	String[] launcherArgs() {
		return new String[] { "--whereby.launcher.type=http",
				"--whereby.launcher.http.url=http://127.0.0.1:" + this.server.getAddress().getPort() + "/assistants" };
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}

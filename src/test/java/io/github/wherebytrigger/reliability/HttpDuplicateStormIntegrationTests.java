package io.github.wherebytrigger.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link DuplicateStorm} through the HTTP launcher, against a loopback worker that
 * takes 50 ms per launch: every delivery answered 200, exactly one launch call per room
 * (issue 11).
 */
class HttpDuplicateStormIntegrationTests {

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	private final List<String> launches = new CopyOnWriteArrayList<>();

	private HttpServer worker;

	private ExecutorService workerThreads;

	@BeforeEach
	void startWorker() throws IOException {
		this.worker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
		this.worker.createContext("/assistants", (exchange) -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				Thread.sleep(50);
				this.launches.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
				exchange.sendResponseHeaders(201, -1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		this.workerThreads = Executors.newFixedThreadPool(32);
		this.worker.setExecutor(this.workerThreads);
		this.worker.start();
	}

	@AfterEach
	void stopWorker() {
		this.worker.stop(0);
		this.workerThreads.shutdownNow();
	}

	@Test
	void hundredDeliveriesOfEachOfHundredEventsCallTheWorkerOncePerRoom() throws Exception {
		try (ConfigurableApplicationContext application = TestApplication.start("--server.port=0",
				"--whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET, "--whereby.launcher.type=http",
				"--whereby.launcher.http.url=http://127.0.0.1:" + this.worker.getAddress().getPort() + "/assistants",
				"--whereby.triggers.rules.host-joined.event=room.client.joined",
				"--logging.level.io.github.wherebytrigger=warn")) {
			DuplicateStorm.deliver(new WebhookClient(TestApplication.port(application), secrets), "http-storm");
			assertThat(this.launches).hasSize(DuplicateStorm.ROOMS)
				.doesNotHaveDuplicates()
				.allSatisfy(
						(key) -> assertThat(key).matches("default:acme/http-storm-(\\d+)@event-evt-http-storm-\\1#1"));
		}
	}

}

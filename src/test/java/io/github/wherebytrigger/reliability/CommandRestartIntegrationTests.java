package io.github.wherebytrigger.reliability;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import io.github.wherebytrigger.WherebyTriggerApplication;
import io.github.wherebytrigger.testsupport.SecretLeakCheck;
import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service killed with SIGKILL leaves its command launcher's assistant processes
 * running; the next start must stop them, children included, and free their rooms. The
 * first instance is a real JVM running {@link WherebyTriggerApplication}, killed with
 * SIGKILL; the second starts in this JVM on the same state directory.
 */
class CommandRestartIntegrationTests {

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private static final Duration WAIT = Duration.ofSeconds(10);

	// An assistant that ignores SIGTERM, with a child that inherits that.
	private static final String ASSISTANT = """
			trap '' TERM
			sleep 120 &
			echo "$$ $!" > "$RESULT_DIR/pids.tmp"
			mv "$RESULT_DIR/pids.tmp" "$RESULT_DIR/pids"
			wait
			""";

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	@TempDir
	Path directory;

	private final List<Process> jvms = new ArrayList<>();

	private final List<ProcessHandle> assistants = new ArrayList<>();

	@AfterEach
	void endProcesses() {
		this.jvms.forEach(Process::destroyForcibly);
		this.assistants.forEach(ProcessHandle::destroyForcibly);
	}

	@Test
	void startAfterAKilledInstanceStopsItsAssistantWithItsChildAndLaunchesAnew() throws Exception {
		String room = "/restart-" + UUID.randomUUID();
		Path script = Files.writeString(this.directory.resolve("assistant.sh"), ASSISTANT);
		Path pids = this.directory.resolve("pids");
		int port = freePort();
		Process first = startJvm(script, port);
		WebhookClient firstClient = new WebhookClient(port, secrets);
		await().atMost(STARTUP).ignoreExceptions().until(() -> firstClient.get("/actuator/health").statusCode() == 200);
		HttpResponse<String> launched = firstClient
			.deliver(WebhookBodies.joined("evt-" + UUID.randomUUID(), room, "host"));
		assertThat(WebhookClient.outcome(launched)).isEqualTo("launched");
		List<ProcessHandle> orphans = assistantProcesses(pids);
		first.destroyForcibly().waitFor();
		assertThat(orphans).as("outlive the killed instance").allMatch(CommandRestartIntegrationTests::alive);
		Files.delete(pids);
		try (ConfigurableApplicationContext second = TestApplication.start(args(script, 0))) {
			WebhookClient webhooks = new WebhookClient(TestApplication.port(second), secrets);
			assertThat(secrets.logLines()).anySatisfy((line) -> assertThat(line.getFormattedMessage())
				.startsWith("Recovered 1 running assistant(s) 'default' from the command launcher"));
			await().atMost(WAIT).until(() -> orphans.stream().noneMatch(CommandRestartIntegrationTests::alive));
			await().atMost(WAIT).until(() -> !webhooks.get("/actuator/assistants").body().contains(room));
			HttpResponse<String> again = webhooks
				.deliver(WebhookBodies.joined("evt-" + UUID.randomUUID(), room, "host"));
			assertThat(WebhookClient.outcome(again)).as("the room is free").isEqualTo("launched");
			List<ProcessHandle> relaunched = assistantProcesses(pids);
			assertThat(relaunched).allMatch(CommandRestartIntegrationTests::alive);
			second.close();
			assertThat(relaunched).as("stopped at shutdown").noneMatch(CommandRestartIntegrationTests::alive);
		}
		try (var files = Files.list(this.directory.resolve("state").resolve("default"))) {
			assertThat(files).as("no record left").isEmpty();
		}
	}

	private Process startJvm(Path script, int port) throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		// The application's classes without the test classes, as java -jar would see
		// them.
		String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !entry.endsWith("test-classes"))
			.collect(Collectors.joining(File.pathSeparator));
		List<String> command = new ArrayList<>(
				List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classPath, WherebyTriggerApplication.class.getName()));
		command.addAll(List.of(args(script, port)));
		Process jvm = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("first.log").toFile())
			.start();
		this.jvms.add(jvm);
		return jvm;
	}

	private String[] args(Path script, int port) {
		return new String[] { "--server.port=" + port,
				"--whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET,
				"--whereby.launcher.type=command", "--whereby.launcher.command.args[0]=sh",
				"--whereby.launcher.command.args[1]=" + script,
				"--whereby.launcher.command.env.RESULT_DIR=" + this.directory,
				"--whereby.launcher.command.stop-grace-period=1s",
				"--whereby.launcher.command.state-directory=" + this.directory.resolve("state"),
				"--whereby.triggers.rules.host-joined.event=room.client.joined",
				"--whereby.triggers.rules.host-joined.condition=data.roleName == 'host'" };
	}

	private List<ProcessHandle> assistantProcesses(Path pids) throws Exception {
		await().atMost(WAIT).until(() -> Files.exists(pids));
		List<ProcessHandle> processes = Arrays.stream(Files.readString(pids).trim().split(" "))
			.map((pid) -> ProcessHandle.of(Long.parseLong(pid)).orElseThrow())
			.toList();
		this.assistants.addAll(processes);
		return processes;
	}

	/**
	 * Whether a process lives; a zombie does not (a process 1 that does not reap keeps
	 * killed orphans as zombies, which {@link ProcessHandle#isAlive()} counts).
	 */
	private static boolean alive(ProcessHandle process) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
			return process.isAlive() && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
		}
		catch (IOException ex) {
			return process.isAlive();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}

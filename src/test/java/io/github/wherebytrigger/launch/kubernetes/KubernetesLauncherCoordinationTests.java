package io.github.wherebytrigger.launch.kubernetes;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import io.github.wherebytrigger.state.StateConfiguration;
import io.github.wherebytrigger.launch.AssistantCoordinator;
import io.github.wherebytrigger.launch.LaunchOutcome;
import io.github.wherebytrigger.launch.LauncherUnavailableException;
import io.github.wherebytrigger.launch.LaunchConfiguration;
import io.github.wherebytrigger.system.SystemConfiguration;
import io.github.wherebytrigger.webhook.ClientData;
import io.github.wherebytrigger.webhook.RoomClientJoined;
import io.github.wherebytrigger.webhook.RoomData;
import io.github.wherebytrigger.webhook.RoomSessionEnded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the Kubernetes launcher as the application runs it: created by
 * {@link KubernetesLauncherConfiguration} from properties, behind the real
 * {@link AssistantCoordinator} (retries, deadline, recovery at start-up), against
 * fabric8's mock API server.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesLauncherCoordinationTests {

	private static final String NAMESPACE = "assistants";

	private static final String ROOM_URL = "https://acme.whereby.com/standup";

	private static final Instant CREATED_AT = Instant.parse("2026-11-20T10:15:00Z");

	static KubernetesClient client;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SystemConfiguration.class, KubernetesLauncherConfiguration.class,
				StateConfiguration.class, LaunchConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("whereby.launcher.type=kubernetes",
				"whereby.launcher.kubernetes.image=ghcr.io/acme/notetaker:1.4.0", "whereby.launcher.deadline=1s",
				"whereby.launcher.retry.initial-backoff=20ms");

	@BeforeEach
	void deleteJobs() {
		client.batch().v1().jobs().inAnyNamespace().delete();
	}

	@Test
	void launchShouldCreateTheJobInTheConfiguredNamespace() {
		crud().withPropertyValues("whereby.launcher.kubernetes.namespace=" + NAMESPACE).run((context) -> {
			assertThat(launch(context, joined("evt-1"))).isEqualTo(LaunchOutcome.LAUNCHED);
			assertThat(jobs(NAMESPACE)).singleElement().satisfies((job) -> {
				assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
					.isEqualTo("ghcr.io/acme/notetaker:1.4.0");
				assertThat(job.getMetadata().getAnnotations()).containsEntry("whereby-trigger/room-url", ROOM_URL)
					.containsEntry("whereby-trigger/event-id", "evt-1")
					.containsEntry("whereby-trigger/launch-key", "default:acme/standup@session-1#1");
			});
		});
	}

	@Test
	void launchWithoutNamespaceShouldUseTheClientsNamespace() {
		crud().run((context) -> {
			launch(context, joined("evt-1"));
			assertThat(jobs(client.getNamespace())).hasSize(1);
		});
	}

	@Test
	void launchForNamedAssistantShouldUseItsOwnSettings() {
		crud()
			.withPropertyValues("whereby.assistants.notetaker.type=kubernetes",
					"whereby.assistants.notetaker.kubernetes.image=ghcr.io/acme/minutes:2.0.0",
					"whereby.assistants.notetaker.kubernetes.namespace=" + NAMESPACE)
			.run((context) -> {
				LaunchOutcome outcome = context.getBean(AssistantCoordinator.class)
					.launch(joined("evt-1"), ROOM_URL, Map.of("notetaker", List.of("host-joined")), System.nanoTime());
				assertThat(outcome).isEqualTo(LaunchOutcome.LAUNCHED);
				assertThat(jobs(NAMESPACE)).singleElement().satisfies((job) -> {
					assertThat(job.getMetadata().getLabels()).containsEntry("whereby-trigger/assistant", "notetaker");
					assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
						.isEqualTo("ghcr.io/acme/minutes:2.0.0");
				});
			});
	}

	@Test
	void runWithoutImageShouldFailNamingTheProperty() {
		crud().withPropertyValues("whereby.launcher.kubernetes.image=").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure())).contains("whereby.launcher.kubernetes.image");
		});
	}

	@Test
	void runWithNamedAssistantWithoutImageShouldNameItsOwnProperty() {
		crud().withPropertyValues("whereby.assistants.notetaker.type=kubernetes").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure())).contains("whereby.assistants.notetaker.kubernetes.image")
				.doesNotContain("whereby.launcher.kubernetes.image");
		});
	}

	@Test
	void launchWhenApiServerFailsShouldAskForRetryLater() {
		failing(500, (context) -> assertThatExceptionOfType(LauncherUnavailableException.class)
			.isThrownBy(() -> launch(context, joined("evt-1"))));
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 403, 404, 422 })
	void launchWhenApiServerRefusesTheJobForGoodShouldAnswerLaunchRejected(int status) {
		failing(status,
				(context) -> assertThat(launch(context, joined("evt-1"))).isEqualTo(LaunchOutcome.LAUNCH_REJECTED));
	}

	@ParameterizedTest
	@ValueSource(ints = { 401, 429, 503 })
	void launchWhenApiServerRefusesTheJobForNowShouldAskForRetryLater(int status) {
		// The client retries 429 and 503 itself until the deadline; either way Whereby's
		// redelivery tries again.
		failing(status, (context) -> assertThatExceptionOfType(LauncherUnavailableException.class)
			.isThrownBy(() -> launch(context, joined("evt-1"))));
	}

	@Test
	void healthWhenJobsCannotBeListedShouldBeDownNamingTheNamespaceAndStatus() {
		KubernetesMockServer failing = new KubernetesMockServer(false);
		failing.init();
		try (KubernetesClient forbidden = failing.createClient()) {
			failing.expect()
				.get()
				.withPath("/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs?limit=1")
				.andReturn(403, new StatusBuilder().withCode(403).withMessage("jobs is forbidden").build())
				.always();
			KubernetesLauncherProperties properties = new KubernetesLauncherProperties();
			properties.setImage("ghcr.io/acme/notetaker:1.4.0");
			Health health = new KubernetesJobLauncher("default", forbidden, NAMESPACE,
					new AssistantJobTemplate(properties, forbidden.getKubernetesSerialization()),
					JsonMapper.builder().build())
				.health();
			assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
			assertThat(health.getDetails()).containsOnly(Map.entry("namespace", NAMESPACE),
					Map.entry("error", "HTTP 403"));
		}
		finally {
			failing.destroy();
		}
	}

	@Test
	void launchAfterRestartShouldFindTheRunningJobAndNotCreateAnother() {
		crud().withPropertyValues("whereby.launcher.kubernetes.namespace=" + NAMESPACE).run((context) -> {
			assertThat(launch(context, joined("evt-1"))).isEqualTo(LaunchOutcome.LAUNCHED);
		});
		crud().withPropertyValues("whereby.launcher.kubernetes.namespace=" + NAMESPACE).run((context) -> {
			assertThat(launch(context, joined("evt-1"))).isEqualTo(LaunchOutcome.ALREADY_RUNNING);
			assertThat(launch(context, joined("evt-2"))).isEqualTo(LaunchOutcome.ALREADY_RUNNING);
		});
		assertThat(jobs(NAMESPACE)).hasSize(1);
	}

	@Test
	void launchAfterRestartWhenTheJobFinishedShouldReplaceIt() {
		crud().withPropertyValues("whereby.launcher.kubernetes.namespace=" + NAMESPACE)
			.run((context) -> launch(context, joined("evt-1")));
		Job finished = complete(jobs(NAMESPACE).get(0));
		crud().withPropertyValues("whereby.launcher.kubernetes.namespace=" + NAMESPACE).run((context) -> {
			assertThat(launch(context, joined("evt-2"))).isEqualTo(LaunchOutcome.LAUNCHED);
		});
		assertThat(jobs(NAMESPACE)).singleElement().satisfies((job) -> {
			assertThat(job.getMetadata().getUid()).isNotEqualTo(finished.getMetadata().getUid());
			assertThat(job.getMetadata().getAnnotations()).containsEntry("whereby-trigger/event-id", "evt-2");
			assertThat(KubernetesJobLauncher.finished(job)).isFalse();
		});
	}

	@Test
	void launchWhenTheRoomsJobFinishedShouldLaunchTheNextGeneration() {
		crud().withPropertyValues("whereby.launcher.kubernetes.namespace=" + NAMESPACE).run((context) -> {
			assertThat(launch(context, joined("evt-1"))).isEqualTo(LaunchOutcome.LAUNCHED);
			complete(jobs(NAMESPACE).get(0));
			assertThat(launch(context, joined("evt-2"))).isEqualTo(LaunchOutcome.LAUNCHED);
			assertThat(jobs(NAMESPACE))
				.extracting((job) -> job.getMetadata().getAnnotations().get("whereby-trigger/launch-key"))
				.containsExactlyInAnyOrder("default:acme/standup@session-1#1", "default:acme/standup@session-1#2");
		});
	}

	@Test
	void stopAfterRestartShouldDeleteTheRoomsJob() {
		crud().withPropertyValues("whereby.launcher.kubernetes.namespace=" + NAMESPACE)
			.run((context) -> launch(context, joined("evt-1")));
		crud().withPropertyValues("whereby.launcher.kubernetes.namespace=" + NAMESPACE).run((context) -> {
			RoomSessionEnded ended = new RoomSessionEnded("evt-3", "1.0", CREATED_AT,
					new RoomData(null, "/standup", "session-1", "acme"));
			assertThat(context.getBean(AssistantCoordinator.class).stopIfEnded(ended, ROOM_URL, System.nanoTime()))
				.containsExactly("default");
			assertThat(jobs(NAMESPACE)).isEmpty();
			assertThat(launch(context, joined("evt-4"))).as("a late join of the ended session")
				.isEqualTo(LaunchOutcome.STALE);
			assertThat(launch(context, joined("evt-5", "session-2"))).isEqualTo(LaunchOutcome.LAUNCHED);
		});
	}

	private ApplicationContextRunner crud() {
		// The application shares the test's client: an empty destroy method keeps the
		// context from closing it.
		return this.runner.withBean(KubernetesClient.class, () -> client,
				(definition) -> definition.setDestroyMethodName(""));
	}

	/**
	 * Runs the application against an API server that answers every Job creation with the
	 * given status.
	 */
	private void failing(int status, ContextConsumer<AssertableApplicationContext> test) {
		KubernetesMockServer failing = new KubernetesMockServer(false);
		failing.init();
		try {
			Status answer = new StatusBuilder().withCode(status).withMessage("refused by the test").build();
			failing.expect()
				.post()
				.withPath("/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs")
				.andReturn(status, answer)
				.always();
			this.runner.withBean(KubernetesClient.class, failing::createClient)
				.withPropertyValues("whereby.launcher.kubernetes.namespace=" + NAMESPACE)
				.run(test);
		}
		finally {
			failing.destroy();
		}
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	private static LaunchOutcome launch(AssertableApplicationContext context, RoomClientJoined webhook) {
		return context.getBean(AssistantCoordinator.class)
			.launch(webhook, ROOM_URL, Map.of("default", List.of("host-joined")), System.nanoTime());
	}

	private static RoomClientJoined joined(String id) {
		return joined(id, "session-1");
	}

	private static RoomClientJoined joined(String id, String session) {
		return new RoomClientJoined(id, "1.0", CREATED_AT, new ClientData(null, "/standup", session, "acme", "host",
				"Ada", "p_1", null, null, 1, Map.of("host", 1), false));
	}

	private static List<Job> jobs(String namespace) {
		return client.batch().v1().jobs().inNamespace(namespace).list().getItems();
	}

	private static Job complete(Job job) {
		Job finished = new JobBuilder(job).editOrNewStatus()
			.addNewCondition()
			.withType("Complete")
			.withStatus("True")
			.endCondition()
			.endStatus()
			.build();
		return client.batch()
			.v1()
			.jobs()
			.inNamespace(job.getMetadata().getNamespace())
			.resource(finished)
			.updateStatus();
	}

}

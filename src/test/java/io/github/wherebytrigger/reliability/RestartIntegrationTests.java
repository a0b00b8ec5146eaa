package io.github.wherebytrigger.reliability;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import io.github.wherebytrigger.WherebyTriggerApplication;
import io.github.wherebytrigger.testsupport.SecretLeakCheck;
import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restarted service must not launch a second assistant for an event it handled before
 * the restart: its memory of handled events is gone, but the Kubernetes launcher finds
 * the running Job. The application runs as it does in production, from
 * {@link WherebyTriggerApplication} with the Kubernetes launcher, against fabric8's mock
 * API server; the assistant key exists only in a Secret of that server.
 */
@EnableKubernetesMockClient(crud = true)
class RestartIntegrationTests {

	private static final String NAMESPACE = "assistants";

	private static final String KEY_SECRET = "whereby-assistant";

	private static final String KEY_SECRET_KEY = "assistant-key";

	@RegisterExtension
	static final SecretLeakCheck secrets = new SecretLeakCheck();

	static KubernetesClient client;

	static KubernetesMockServer server;

	@BeforeAll
	static void assistantKeyInASecret() {
		client.secrets()
			.inNamespace(NAMESPACE)
			.resource(new SecretBuilder().withNewMetadata()
				.withName(KEY_SECRET)
				.endMetadata()
				.addToStringData(KEY_SECRET_KEY, SecretLeakCheck.ASSISTANT_KEY)
				.build())
			.create();
	}

	@BeforeEach
	void noJobs() {
		client.batch().v1().jobs().inNamespace(NAMESPACE).delete();
	}

	@Test
	void redeliveryToANewInstanceAfterARestartCreatesNoSecondJob() throws Exception {
		String room = "/restart-" + UUID.randomUUID();
		String id = "evt-" + UUID.randomUUID();
		String event = WebhookBodies.joined(id, room, "host");
		String launchKey = "default:acme" + room + "@event-" + id + "#1";
		Job created;
		try (ConfigurableApplicationContext first = start()) {
			WebhookClient webhooks = client(first);
			HttpResponse<String> response = webhooks.deliver(event);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(WebhookClient.outcome(response)).isEqualTo("launched");
			created = onlyJob();
			assertThat(created.getMetadata().getAnnotations()).containsEntry("whereby-trigger/launch-key", launchKey);
			assertReferencesTheAssistantKeyOnly(created);
		}
		try (ConfigurableApplicationContext second = start()) {
			WebhookClient webhooks = client(second);
			assertThat(webhooks.get("/actuator/assistants").body()).as("recovered at start-up").contains(launchKey);
			assertThat(secrets.logLines()).as("the new instance's start-up is in the captured log")
				.anySatisfy((line) -> assertThat(line.getFormattedMessage())
					.startsWith("Recovered 1 running assistant(s) 'default' from the kubernetes launcher"));
			HttpResponse<String> redelivered = webhooks.deliver(event);
			assertThat(redelivered.statusCode()).isEqualTo(200);
			assertThat(WebhookClient.outcome(redelivered)).isEqualTo("already-running");
			HttpResponse<String> anotherJoin = webhooks
				.deliver(WebhookBodies.joined("evt-" + UUID.randomUUID(), room, "host"));
			assertThat(WebhookClient.outcome(anotherJoin)).isEqualTo("already-running");
			assertThat(onlyJob().getMetadata().getUid()).as("the Job created before the restart")
				.isEqualTo(created.getMetadata().getUid());
			// What an operator can read of this instance goes through the secret check
			// too.
			readOperatorEndpoints(webhooks);
		}
		assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).hasSize(1);
		assertTheSecretWasNeverReadAndNeitherSecretSent();
	}

	/**
	 * Of every request the API server received, only the test's own creation of the
	 * Secret touched Secrets, and no request carried the assistant key or the signing
	 * secret.
	 */
	private static void assertTheSecretWasNeverReadAndNeitherSecretSent() throws InterruptedException {
		List<RecordedRequest> requests = new ArrayList<>();
		for (RecordedRequest request = server.takeRequest(200, TimeUnit.MILLISECONDS); request != null; request = server
			.takeRequest(200, TimeUnit.MILLISECONDS)) {
			requests.add(request);
		}
		assertThat(requests).filteredOn((request) -> request.getPath().contains("/secrets"))
			.extracting((request) -> request.getMethod().toUpperCase(Locale.ROOT) + " " + request.getPath())
			.containsExactly("POST /api/v1/namespaces/" + NAMESPACE + "/secrets");
		assertThat(requests).filteredOn((request) -> !request.getPath().contains("/secrets"))
			.isNotEmpty()
			.allSatisfy((request) -> assertThat(String.valueOf(request.getUtf8Body()))
				.doesNotContain(SecretLeakCheck.ASSISTANT_KEY)
				.doesNotContain(SecretLeakCheck.SIGNING_SECRET));
	}

	/**
	 * Reads every endpoint an operator can reach, so that the secret check sees their
	 * answers, and checks that those showing configuration or memory are not exposed.
	 */
	private static void readOperatorEndpoints(WebhookClient webhooks) throws Exception {
		for (String path : List.of("/actuator", "/actuator/health", "/actuator/health/readiness", "/actuator/info",
				"/actuator/metrics", "/actuator/metrics/whereby.webhooks", "/actuator/prometheus",
				"/actuator/assistants", "/actuator/triggers", WebhookClient.PATH)) {
			assertThat(webhooks.get(path).statusCode()).as(path).isEqualTo(200);
		}
		for (String path : List.of("/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/heapdump",
				"/actuator/threaddump", "/actuator/loggers", "/actuator/mappings")) {
			assertThat(webhooks.get(path).statusCode()).as(path + " is not exposed").isEqualTo(404);
		}
	}

	private static void assertReferencesTheAssistantKeyOnly(Job job) {
		Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
		EnvVar key = container.getEnv()
			.stream()
			.filter((env) -> env.getName().equals("ASSISTANT_KEY"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No ASSISTANT_KEY in " + container.getEnv()));
		assertThat(key.getValue()).isNull();
		assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo(KEY_SECRET);
		assertThat(key.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(KEY_SECRET_KEY);
		String json = client.getKubernetesSerialization().asJson(job);
		assertThat(json).doesNotContain(SecretLeakCheck.ASSISTANT_KEY).doesNotContain(SecretLeakCheck.SIGNING_SECRET);
	}

	private static Job onlyJob() {
		List<Job> jobs = client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
		assertThat(jobs).hasSize(1);
		return jobs.get(0);
	}

	private static WebhookClient client(ConfigurableApplicationContext application) {
		return new WebhookClient(TestApplication.port(application), secrets);
	}

	/**
	 * Starts an instance of the application, as {@code java -jar} would with these
	 * arguments, using the mock API server's client.
	 */
	private static ConfigurableApplicationContext start() {
		return TestApplication.start(
				(context) -> context.getBeanFactory().registerSingleton("kubernetesClient", client), "--server.port=0",
				"--whereby.webhook.signing-secrets=" + SecretLeakCheck.SIGNING_SECRET,
				"--whereby.launcher.type=kubernetes",
				"--whereby.launcher.kubernetes.image=ghcr.io/acme/notetaker:1.4.0",
				"--whereby.launcher.kubernetes.namespace=" + NAMESPACE,
				"--whereby.launcher.kubernetes.assistant-key-secret.name=" + KEY_SECRET,
				"--whereby.launcher.kubernetes.assistant-key-secret.key=" + KEY_SECRET_KEY,
				"--whereby.triggers.rules.host-joined.event=room.client.joined",
				"--whereby.triggers.rules.host-joined.condition=data.roleName == 'host'");
	}

}

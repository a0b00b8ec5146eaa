package io.github.wherebytrigger.launch.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.launch.RunningAssistant;
import io.github.wherebytrigger.launch.StopRequest;
import io.github.wherebytrigger.webhook.ClientData;
import io.github.wherebytrigger.webhook.RoomClientJoined;
import io.github.wherebytrigger.webhook.RoomData;
import io.github.wherebytrigger.webhook.RoomSessionEnded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link KubernetesJobLauncher} and the Jobs {@link AssistantJobTemplate}
 * builds, against fabric8's mock API server in CRUD mode.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesJobLauncherTests {

	private static final String NAMESPACE = "assistants";

	private static final Instant CREATED_AT = Instant.parse("2026-11-20T10:15:00Z");

	private static final String DNS_1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

	private static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

	static KubernetesClient client;

	static KubernetesMockServer server;

	@TempDir
	Path temp;

	@BeforeEach
	void deleteJobs() throws Exception {
		client.batch().v1().jobs().inNamespace(NAMESPACE).delete();
	}

	@Test
	void launchShouldCreateJobRunningTheImageWithCommandAndArgs() throws Exception {
		KubernetesLauncherProperties properties = properties();
		properties.setCommand(List.of("node"));
		properties.setArgs(List.of("assistant.js", "--verbose"));
		properties.setImagePullPolicy("IfNotPresent");
		launcher(properties).launch(request("default", "acme", "/standup", 1));
		Job job = onlyJob();
		Container container = assistantContainer(job);
		assertThat(container.getName()).isEqualTo("assistant");
		assertThat(container.getImage()).isEqualTo("ghcr.io/acme/notetaker:1.4.0");
		assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
		assertThat(container.getCommand()).containsExactly("node");
		assertThat(container.getArgs()).containsExactly("assistant.js", "--verbose");
		assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
		assertThat(job.getApiVersion()).isEqualTo("batch/v1");
		assertThat(job.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
	}

	@Test
	void launchWithoutLimitsShouldUseDefaultBackoffDeadlineAndTtl() throws Exception {
		launcher(properties()).launch(request("default", "acme", "/standup", 1));
		Job job = onlyJob();
		assertThat(job.getSpec().getBackoffLimit()).isZero();
		assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(14400L);
		assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
	}

	@Test
	void launchWithLimitsShouldUseThem() throws Exception {
		KubernetesLauncherProperties properties = properties();
		properties.setBackoffLimit(2);
		properties.setActiveDeadlineSeconds(3600L);
		properties.setTtlSecondsAfterFinished(60);
		launcher(properties).launch(request("default", "acme", "/standup", 1));
		Job job = onlyJob();
		assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
		assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
		assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(60);
	}

	@Test
	void launchShouldApplyResourcesServiceAccountNodeSelectorAndTolerations() throws Exception {
		KubernetesLauncherProperties properties = properties();
		properties.getResources().setRequests(Map.of("cpu", "250m", "memory", "256Mi"));
		properties.getResources().setLimits(Map.of("memory", "512Mi"));
		properties.setServiceAccountName("notetaker");
		properties.setNodeSelector(Map.of("workload", "assistants"));
		KubernetesLauncherProperties.Toleration toleration = new KubernetesLauncherProperties.Toleration();
		toleration.setKey("dedicated");
		toleration.setOperator("Equal");
		toleration.setValue("assistants");
		toleration.setEffect("NoSchedule");
		properties.setTolerations(List.of(toleration));
		launcher(properties).launch(request("default", "acme", "/standup", 1));
		Job job = onlyJob();
		Container container = assistantContainer(job);
		assertThat(container.getResources().getRequests()).containsOnly(Map.entry("cpu", new Quantity("250m")),
				Map.entry("memory", new Quantity("256Mi")));
		assertThat(container.getResources().getLimits()).containsOnly(Map.entry("memory", new Quantity("512Mi")));
		assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("notetaker");
		assertThat(job.getSpec().getTemplate().getSpec().getNodeSelector())
			.containsExactlyEntriesOf(Map.of("workload", "assistants"));
		assertThat(job.getSpec().getTemplate().getSpec().getTolerations()).singleElement().satisfies((added) -> {
			assertThat(added.getKey()).isEqualTo("dedicated");
			assertThat(added.getOperator()).isEqualTo("Equal");
			assertThat(added.getValue()).isEqualTo("assistants");
			assertThat(added.getEffect()).isEqualTo("NoSchedule");
		});
	}

	@Test
	void launchShouldGiveTheAssistantTheLaunchInItsEnvironment() throws Exception {
		KubernetesLauncherProperties properties = properties();
		properties.setEnv(Map.of("LOG_LEVEL", "debug"));
		LaunchRequest request = new LaunchRequest("default", "https://acme.whereby.com/standup",
				joined("evt-1", "acme", "/standup"), List.of("host-joined", "standup-time"), "default:acme/standup#1");
		launcher(properties).launch(request);
		Map<String, String> env = values(assistantContainer(onlyJob()).getEnv());
		assertThat(env).containsEntry("WHEREBY_ROOM_URL", "https://acme.whereby.com/standup")
			.containsEntry("WHEREBY_TRIGGER", "host-joined,standup-time")
			.containsEntry("WHEREBY_ASSISTANT", "default")
			.containsEntry("WHEREBY_LAUNCH_KEY", "default:acme/standup#1")
			.containsEntry("LOG_LEVEL", "debug");
		JsonNode webhook = JsonMapper.builder().build().readTree(env.get("WHEREBY_WEBHOOK"));
		assertThat(webhook.get("id").asString()).isEqualTo("evt-1");
		assertThat(webhook.get("createdAt").asString()).isEqualTo("2026-11-20T10:15:00Z");
		assertThat(webhook.get("type").asString()).isEqualTo("room.client.joined");
		assertThat(webhook.get("data").get("roomName").asString()).isEqualTo("/standup");
		assertThat(webhook.get("data").get("subdomain").asString()).isEqualTo("acme");
		assertThat(webhook.get("data").get("displayName").asString()).isEqualTo("Ada");
	}

	@Test
	void launchShouldReferenceTheAssistantKeySecretAndNeverPassItsValue() throws Exception {
		launcher(properties()).launch(request("default", "acme", "/standup", 1));
		List<EnvVar> env = assistantContainer(onlyJob()).getEnv();
		assertThat(env).filteredOn((variable) -> variable.getName().equals("ASSISTANT_KEY"))
			.singleElement()
			.satisfies((variable) -> {
				assertThat(variable.getValue()).isNull();
				assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("whereby-assistant");
				assertThat(variable.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("assistant-key");
			});
	}

	@Test
	void launchWhenTemplateSetsAssistantKeyLiterallyShouldReplaceItBySecretReference() throws Exception {
		Path template = write("job.yaml", """
				apiVersion: batch/v1
				kind: Job
				spec:
				  template:
				    spec:
				      containers:
				        - name: assistant
				          image: ghcr.io/acme/notetaker:1.0.0
				          env:
				            - name: ASSISTANT_KEY
				              value: literal-key-from-template
				""");
		KubernetesLauncherProperties properties = properties();
		properties.setJobTemplateFile(template);
		properties.setEnv(Map.of("WHEREBY_ROOM_URL", "https://evil.example.com/room"));
		launcher(properties).launch(request("default", "acme", "/standup", 1));
		List<EnvVar> env = assistantContainer(onlyJob()).getEnv();
		assertThat(env).filteredOn((variable) -> variable.getName().equals("ASSISTANT_KEY"))
			.singleElement()
			.satisfies((variable) -> {
				assertThat(variable.getValue()).isNull();
				assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("whereby-assistant");
			});
		assertThat(env).extracting(EnvVar::getValue).doesNotContain("literal-key-from-template");
		assertThat(values(env)).containsEntry("WHEREBY_ROOM_URL", "https://acme.whereby.com/standup");
		assertThat(env).extracting(EnvVar::getName).doesNotHaveDuplicates();
	}

	@Test
	void launchShouldLabelJobAndPodWithAssistantSubdomainRoomAndRoomHash() throws Exception {
		launcher(properties()).launch(request("default", "acme", "/standup", 1));
		Job job = onlyJob();
		Map<String, String> labels = job.getMetadata().getLabels();
		assertThat(labels).containsEntry("app.kubernetes.io/managed-by", "whereby-trigger")
			.containsEntry("whereby-trigger/assistant", "default")
			.containsEntry("whereby-trigger/subdomain", "acme")
			.containsEntry("whereby-trigger/room", "standup");
		assertThat(labels.get("whereby-trigger/room-hash")).matches("[0-9a-f]{16}");
		assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(labels);
	}

	@Test
	void launchShouldGiveEveryJobOfARoomTheSameRoomHashAndOtherRoomsAnother() throws Exception {
		KubernetesJobLauncher launcher = launcher(properties());
		launcher.launch(request("default", "acme", "/standup", 1));
		launcher.launch(request("default", "acme", "/standup", 2));
		launcher.launch(request("default", "acme", "/retro", 1));
		launcher.launch(request("default", "globex", "/standup", 1));
		Map<String, List<String>> hashesByRoom = new TreeMap<>();
		for (Job job : jobs()) {
			String room = job.getMetadata().getAnnotations().get("whereby-trigger/room-url");
			hashesByRoom.computeIfAbsent(room, (key) -> new ArrayList<>())
				.add(job.getMetadata().getLabels().get("whereby-trigger/room-hash"));
		}
		assertThat(hashesByRoom.get("https://acme.whereby.com/standup")).hasSize(2)
			.containsOnly(hashesByRoom.get("https://acme.whereby.com/standup").get(0));
		assertThat(hashesByRoom.values().stream().map((hashes) -> hashes.get(0)).distinct()).hasSize(3);
	}

	@Test
	void launchShouldSanitiseLabelValues() throws Exception {
		String longRoom = "/Quarterly Review: Q3 / Finance & Ops " + "x".repeat(100) + "!";
		launcher(properties()).launch(request("default", "acme-corp", longRoom, 1));
		launcher(properties()).launch(request("default", "acme", "/Stand Up: Q3 (Review)!", 1));
		for (Job job : jobs()) {
			for (Map<String, String> labels : List.of(job.getMetadata().getLabels(),
					job.getSpec().getTemplate().getMetadata().getLabels())) {
				assertThat(labels.values()).allSatisfy((value) -> {
					assertThat(value).hasSizeLessThanOrEqualTo(63);
					assertThat(value).matches(LABEL_VALUE);
				});
			}
		}
		assertThat(jobs()).extracting((job) -> job.getMetadata().getLabels().get("whereby-trigger/room"))
			.contains("Stand-Up-Q3-Review");
	}

	@Test
	void launchShouldAnnotateJobWithRoomUrlEventIdAndLaunchKey() throws Exception {
		launcher(properties()).launch(request("default", "acme", "/standup", 1));
		Map<String, String> annotations = onlyJob().getMetadata().getAnnotations();
		assertThat(annotations).containsEntry("whereby-trigger/room-url", "https://acme.whereby.com/standup")
			.containsEntry("whereby-trigger/event-id", "evt-acme/standup")
			.containsEntry("whereby-trigger/launch-key", "default:acme/standup#1");
	}

	@Test
	void launchWithLongRoomAndAssistantNamesShouldNameJobWithinDnsRules() throws Exception {
		// 32 characters is the longest assistant name whereby.assistants accepts.
		String assistant = "meeting-notes-and-action-items-x";
		String room = "/" + "Very_Long Room.Name with Ünïcode and spaces ".repeat(8) + "-";
		launcher(properties(), assistant).launch(request(assistant, "Acme-Corporation-International", room, 1));
		String name = onlyJob().getMetadata().getName();
		assertThat(name).hasSizeLessThanOrEqualTo(63).matches(DNS_1123_LABEL);
	}

	@Test
	void launchShouldDeriveTheJobNameFromTheLaunchKey() throws Exception {
		LaunchRequest first = request("default", "acme", "/standup", 1);
		LaunchRequest sameKey = new LaunchRequest("default", first.roomUrl(), joined("evt-other", "acme", "/standup"),
				List.of("other-trigger"), first.launchKey());
		AssistantJobTemplate template = new AssistantJobTemplate(properties(), client.getKubernetesSerialization());
		String name = template.jobFor(first, NAMESPACE, "{}").getMetadata().getName();
		assertThat(template.jobFor(sameKey, NAMESPACE, "{}").getMetadata().getName()).isEqualTo(name);
		assertThat(new AssistantJobTemplate(properties(), client.getKubernetesSerialization())
			.jobFor(first, NAMESPACE, "{}")
			.getMetadata()
			.getName()).isEqualTo(name);
		assertThat(template.jobFor(request("default", "acme", "/standup", 2), NAMESPACE, "{}").getMetadata().getName())
			.isNotEqualTo(name);
		assertThat(name).startsWith("wt-default-acme-standup-").matches(DNS_1123_LABEL);
	}

	@Test
	void launchWithJobTemplateFileShouldMergeItWithPropertiesWinning() throws Exception {
		Path template = write("job.yaml", """
				apiVersion: batch/v1
				kind: Job
				metadata:
				  name: ignored
				  labels:
				    team: ai
				  annotations:
				    owner: ai-team@acme.example
				spec:
				  backoffLimit: 3
				  activeDeadlineSeconds: 100
				  template:
				    metadata:
				      labels:
				        sidecar.istio.io/inject: "false"
				    spec:
				      containers:
				        - name: log-shipper
				          image: ghcr.io/acme/log-shipper:2.0.0
				        - name: assistant
				          image: ghcr.io/acme/notetaker:0.9.0
				          args: [old.js]
				          env:
				            - name: FROM_TEMPLATE
				              value: kept
				          volumeMounts:
				            - name: scratch
				              mountPath: /scratch
				          resources:
				            requests:
				              cpu: 100m
				      volumes:
				        - name: scratch
				          emptyDir: {}
				      nodeSelector:
				        disk: ssd
				""");
		KubernetesLauncherProperties properties = properties();
		properties.setJobTemplateFile(template);
		properties.setArgs(List.of("assistant.js"));
		properties.setBackoffLimit(1);
		properties.setTtlSecondsAfterFinished(30);
		properties.getResources().setRequests(Map.of("memory", "256Mi"));
		properties.setNodeSelector(Map.of("workload", "assistants"));
		launcher(properties).launch(request("default", "acme", "/standup", 1));
		Job job = onlyJob();
		assertThat(job.getMetadata().getName()).isNotEqualTo("ignored");
		assertThat(job.getMetadata().getLabels()).containsEntry("team", "ai")
			.containsEntry("whereby-trigger/assistant", "default");
		assertThat(job.getMetadata().getAnnotations()).containsEntry("owner", "ai-team@acme.example")
			.containsEntry("whereby-trigger/launch-key", "default:acme/standup#1");
		assertThat(job.getSpec().getBackoffLimit()).isEqualTo(1);
		assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(100L);
		assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(30);
		assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
			.containsEntry("sidecar.istio.io/inject", "false")
			.containsEntry("whereby-trigger/assistant", "default");
		List<Container> containers = job.getSpec().getTemplate().getSpec().getContainers();
		assertThat(containers).extracting(Container::getName).containsExactly("log-shipper", "assistant");
		Container sidecar = containers.get(0);
		assertThat(sidecar.getImage()).isEqualTo("ghcr.io/acme/log-shipper:2.0.0");
		assertThat(sidecar.getEnv()).isEmpty();
		Container assistant = containers.get(1);
		assertThat(assistant.getImage()).isEqualTo("ghcr.io/acme/notetaker:1.4.0");
		assertThat(assistant.getArgs()).containsExactly("assistant.js");
		assertThat(values(assistant.getEnv())).containsEntry("FROM_TEMPLATE", "kept")
			.containsEntry("WHEREBY_ROOM_URL", "https://acme.whereby.com/standup");
		assertThat(assistant.getVolumeMounts()).singleElement()
			.satisfies((mount) -> assertThat(mount.getMountPath()).isEqualTo("/scratch"));
		assertThat(assistant.getResources().getRequests()).containsOnly(Map.entry("cpu", new Quantity("100m")),
				Map.entry("memory", new Quantity("256Mi")));
		assertThat(job.getSpec().getTemplate().getSpec().getVolumes()).singleElement()
			.satisfies((volume) -> assertThat(volume.getName()).isEqualTo("scratch"));
		assertThat(job.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("disk", "ssd")
			.containsEntry("workload", "assistants");
		assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
	}

	@Test
	void launchWithPodTemplateFileShouldRunItsSpec() throws Exception {
		Path template = write("pod.yaml", """
				apiVersion: v1
				kind: Pod
				metadata:
				  labels:
				    team: ai
				spec:
				  securityContext:
				    runAsNonRoot: true
				  tolerations:
				    - key: spot
				      operator: Exists
				  containers:
				    - name: notetaker
				      image: ghcr.io/acme/notetaker:1.0.0
				      workingDir: /app
				""");
		KubernetesLauncherProperties properties = new KubernetesLauncherProperties();
		properties.setJobTemplateFile(template);
		properties.setContainerName("notetaker");
		properties.setArgs(List.of("assistant.js"));
		KubernetesLauncherProperties.Toleration toleration = new KubernetesLauncherProperties.Toleration();
		toleration.setKey("dedicated");
		toleration.setOperator("Exists");
		properties.setTolerations(List.of(toleration));
		launcher(properties).launch(request("default", "acme", "/standup", 1));
		Job job = onlyJob();
		assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "ai")
			.containsEntry("whereby-trigger/room", "standup");
		assertThat(job.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
		assertThat(job.getSpec().getTemplate().getSpec().getTolerations()).extracting(Toleration::getKey)
			.containsExactly("spot", "dedicated");
		Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(container.getName()).isEqualTo("notetaker");
		assertThat(container.getImage()).isEqualTo("ghcr.io/acme/notetaker:1.0.0");
		assertThat(container.getWorkingDir()).isEqualTo("/app");
		assertThat(container.getArgs()).containsExactly("assistant.js");
		assertThat(values(container.getEnv())).containsKey("WHEREBY_WEBHOOK");
	}

	@Test
	void createWhenTemplateHasNoImageAndNoImagePropertyShouldFailNamingTheProperty() throws Exception {
		Path template = write("job.yaml", """
				apiVersion: batch/v1
				kind: Job
				spec:
				  template:
				    spec:
				      containers:
				        - name: assistant
				          args: [assistant.js]
				""");
		KubernetesLauncherProperties properties = new KubernetesLauncherProperties();
		properties.setJobTemplateFile(template);
		assertThatIllegalStateException()
			.isThrownBy(() -> new AssistantJobTemplate(properties, client.getKubernetesSerialization()))
			.withMessageContaining("whereby.launcher.kubernetes.image");
	}

	@Test
	void createWithoutTemplateAndImageShouldFailNamingTheProperty() throws Exception {
		assertThatIllegalStateException().isThrownBy(
				() -> new AssistantJobTemplate(new KubernetesLauncherProperties(), client.getKubernetesSerialization()))
			.withMessageContaining("whereby.launcher.kubernetes.image");
	}

	@Test
	void launchFromTwoLaunchersWithTheSameRequestShouldCreateOneJob() throws Exception {
		LaunchRequest request = request("default", "acme", "/standup", 1);
		launcher(properties()).launch(request);
		assertThatNoException().isThrownBy(() -> launcher(properties()).launch(request));
		assertThat(jobs()).hasSize(1);
	}

	@Test
	void launchWhenJobExistsShouldTreatItAsRunning() throws Exception {
		LaunchRequest request = request("default", "acme", "/standup", 1);
		launcher(properties()).launch(request);
		String uid = onlyJob().getMetadata().getUid();
		launcher(properties()).launch(request);
		assertThat(onlyJob().getMetadata().getUid()).isEqualTo(uid);
	}

	@Test
	void launchWhenJobOfTheSameLaunchCompletedShouldReplaceIt() throws Exception {
		LaunchRequest request = request("default", "acme", "/standup", 1);
		launcher(properties()).launch(request);
		Job finished = setCondition(onlyJob(), "Complete");
		launcher(properties()).launch(request);
		Job replaced = onlyJob();
		assertThat(replaced.getMetadata().getName()).isEqualTo(finished.getMetadata().getName());
		assertThat(replaced.getMetadata().getUid()).isNotEqualTo(finished.getMetadata().getUid());
		assertThat(KubernetesJobLauncher.finished(replaced)).isFalse();
		assertThat(launcher(properties()).isRunning(running(request))).isTrue();
	}

	@Test
	void launchWhenJobOfTheSameLaunchFailedShouldReplaceIt() throws Exception {
		LaunchRequest request = request("default", "acme", "/standup", 1);
		launcher(properties()).launch(request);
		Job failed = setCondition(onlyJob(), "Failed");
		launcher(properties()).launch(request);
		Job replaced = onlyJob();
		assertThat(replaced.getMetadata().getUid()).isNotEqualTo(failed.getMetadata().getUid());
		assertThat(KubernetesJobLauncher.finished(replaced)).isFalse();
	}

	@Test
	void stopShouldDeleteTheRoomsJobsOnly() throws Exception {
		KubernetesJobLauncher launcher = launcher(properties());
		launcher.launch(request("default", "acme", "/standup", 1));
		launcher.launch(request("default", "acme", "/standup", 2));
		launcher.launch(request("default", "acme", "/retro", 1));
		launcher.launch(request("default", "globex", "/standup", 1));
		launcher(properties(), "notetaker").launch(request("notetaker", "acme", "/standup", 1));
		launcher.stop(stop("default", "acme", "/standup", "default:acme/standup#2"));
		RecordedRequest delete = server.getLastRequest();
		assertThat(jobs()).extracting(KubernetesJobLauncherTests::launchKey)
			.containsExactlyInAnyOrder("default:acme/retro#1", "default:globex/standup#1", "notetaker:acme/standup#1");
		assertThat(delete.getMethod()).isEqualTo("DELETE");
		assertThat(delete.getUtf8Body()).contains("\"propagationPolicy\":\"Background\"");
	}

	@Test
	void stopWithoutLaunchKeyShouldStillDeleteTheRoomsJobs() throws Exception {
		KubernetesJobLauncher launcher = launcher(properties());
		launcher.launch(request("default", "acme", "/standup", 1));
		launcher.launch(request("default", "acme", "/retro", 1));
		launcher(properties()).stop(stop("default", "acme", "/standup", null));
		assertThat(jobs()).extracting(KubernetesJobLauncherTests::launchKey).containsExactly("default:acme/retro#1");
	}

	@Test
	void recoverShouldReturnTheActiveJobsOfItsAssistant() throws Exception {
		KubernetesJobLauncher before = launcher(properties());
		before.launch(request("default", "acme", "/standup", 3));
		before.launch(request("default", "acme", "/retro", 1));
		before.launch(request("default", "globex", "/planning", 1));
		setCondition(job("default:acme/retro#1"), "Complete");
		setCondition(job("default:globex/planning#1"), "Failed");
		launcher(properties(), "notetaker").launch(request("notetaker", "acme", "/standup", 1));
		List<RunningAssistant> recovered = launcher(properties()).recover();
		assertThat(recovered).singleElement().satisfies((assistant) -> {
			assertThat(assistant.assistant()).isEqualTo("default");
			assertThat(assistant.subdomain()).isEqualTo("acme");
			assertThat(assistant.roomName()).isEqualTo("/standup");
			assertThat(assistant.roomUrl()).isEqualTo("https://acme.whereby.com/standup");
			assertThat(assistant.launchKey()).isEqualTo("default:acme/standup#3");
			assertThat(assistant.generation()).isEqualTo(3);
			assertThat(assistant.since()).isNotNull();
		});
	}

	@Test
	void launchStopAndRecoverShouldHandleUnicodeRtlMarksAndControlCharactersInRoomNames() throws Exception {
		String room = "/café-会議\u202e\u0000\n";
		KubernetesJobLauncher launcher = launcher(properties());
		launcher.launch(request("default", "acme", room, 1));
		Job job = onlyJob();
		assertThat(job.getMetadata().getName()).hasSizeLessThanOrEqualTo(63).matches(DNS_1123_LABEL);
		assertThat(job.getMetadata().getLabels().values())
			.allSatisfy((value) -> assertThat(value).matches(LABEL_VALUE));
		assertThat(job.getMetadata().getAnnotations()).containsEntry("whereby-trigger/launch-key",
				"default:acme" + room + "#1");
		assertThat(launcher(properties()).recover()).singleElement()
			.satisfies((assistant) -> assertThat(assistant.roomName()).isEqualTo(room));
		launcher.stop(stop("default", "acme", room, "default:acme" + room + "#1"));
		assertThat(jobs()).isEmpty();
	}

	@Test
	void recoverShouldKeepTheRoomNameOfLongAndUnusualRooms() throws Exception {
		String room = "/Stand Up: Q3 (Review)/" + "x".repeat(120);
		launcher(properties()).launch(request("default", "acme", room, 1));
		assertThat(launcher(properties()).recover()).singleElement().satisfies((assistant) -> {
			assertThat(assistant.roomName()).isEqualTo(room);
			assertThat(launcher(properties()).isRunning(assistant)).isTrue();
		});
	}

	@Test
	void stateShouldFollowTheJob() throws Exception {
		KubernetesJobLauncher launcher = launcher(properties());
		LaunchRequest request = request("default", "acme", "/standup", 1);
		RunningAssistant assistant = running(request);
		assertThat(launcher.state(assistant)).isEqualTo("missing");
		assertThat(launcher.isRunning(assistant)).isFalse();
		launcher.launch(request);
		assertThat(launcher.state(assistant)).isEqualTo("pending");
		assertThat(launcher.isRunning(assistant)).isTrue();
		updateStatus(onlyJob(), (job) -> job.editOrNewStatus().withActive(1).endStatus());
		assertThat(launcher.state(assistant)).isEqualTo("active");
		assertThat(launcher.isRunning(assistant)).isTrue();
		setCondition(onlyJob(), "Complete");
		assertThat(launcher.state(assistant)).isEqualTo("succeeded");
		assertThat(launcher.isRunning(assistant)).isFalse();
	}

	@Test
	void stateWhenJobFailedShouldSayFailed() throws Exception {
		KubernetesJobLauncher launcher = launcher(properties());
		LaunchRequest request = request("default", "acme", "/standup", 1);
		launcher.launch(request);
		setCondition(onlyJob(), "Failed");
		assertThat(launcher.state(running(request))).isEqualTo("failed");
		assertThat(launcher.isRunning(running(request))).isFalse();
	}

	@Test
	void healthShouldBeUpWithTheNamespace() throws Exception {
		Health health = launcher(properties()).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsExactly(Map.entry("namespace", NAMESPACE));
	}

	private Path write(String name, String content) throws Exception {
		return Files.writeString(this.temp.resolve(name), content);
	}

	private static KubernetesLauncherProperties properties() {
		KubernetesLauncherProperties properties = new KubernetesLauncherProperties();
		properties.setImage("ghcr.io/acme/notetaker:1.4.0");
		properties.getAssistantKeySecret().setName("whereby-assistant");
		properties.getAssistantKeySecret().setKey("assistant-key");
		return properties;
	}

	private static KubernetesJobLauncher launcher(KubernetesLauncherProperties properties) {
		return launcher(properties, "default");
	}

	private static KubernetesJobLauncher launcher(KubernetesLauncherProperties properties, String assistant) {
		return new KubernetesJobLauncher(assistant, client, NAMESPACE,
				new AssistantJobTemplate(properties, client.getKubernetesSerialization()),
				JsonMapper.builder().build());
	}

	private static RoomClientJoined joined(String id, String subdomain, String roomName) {
		return new RoomClientJoined(id, "1.0", CREATED_AT, new ClientData(null, roomName, null, subdomain, "host",
				"Ada", "p_1", null, null, 1, Map.of("host", 1), false));
	}

	private static LaunchRequest request(String assistant, String subdomain, String roomName, int generation) {
		return new LaunchRequest(assistant, "https://" + subdomain + ".whereby.com" + roomName,
				joined("evt-" + subdomain + roomName, subdomain, roomName), List.of("host-joined"),
				assistant + ":" + subdomain + roomName + "#" + generation);
	}

	private static StopRequest stop(String assistant, String subdomain, String roomName, String launchKey) {
		return new StopRequest(assistant, "https://" + subdomain + ".whereby.com" + roomName, subdomain, roomName,
				launchKey, new RoomSessionEnded("evt-ended", "1.0", CREATED_AT,
						new RoomData(null, roomName, "session-1", subdomain)));
	}

	private static RunningAssistant running(LaunchRequest request) {
		return new RunningAssistant(request.assistant(), request.subdomain(), request.roomName(), request.roomUrl(),
				request.launchKey(), CREATED_AT);
	}

	private static List<Job> jobs() {
		return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
	}

	private static Job onlyJob() {
		List<Job> jobs = jobs();
		assertThat(jobs).hasSize(1);
		return jobs.get(0);
	}

	private static Job job(String launchKey) {
		return jobs().stream().filter((job) -> launchKey.equals(launchKey(job))).findFirst().orElseThrow();
	}

	private static String launchKey(Job job) {
		return job.getMetadata().getAnnotations().get("whereby-trigger/launch-key");
	}

	private static Container assistantContainer(Job job) {
		return job.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.stream()
			.filter((container) -> container.getName().equals("assistant"))
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, String> values(List<EnvVar> env) {
		Map<String, String> values = new LinkedHashMap<>();
		env.stream()
			.filter((variable) -> variable.getValue() != null)
			.forEach((variable) -> values.put(variable.getName(), variable.getValue()));
		return values;
	}

	private static Job setCondition(Job job, String type) {
		return updateStatus(job,
				(builder) -> builder.editOrNewStatus()
					.withActive(0)
					.addNewCondition()
					.withType(type)
					.withStatus("True")
					.endCondition()
					.endStatus());
	}

	private static Job updateStatus(Job job, Consumer<JobBuilder> status) {
		JobBuilder builder = new JobBuilder(job);
		status.accept(builder);
		return client.batch().v1().jobs().inNamespace(NAMESPACE).resource(builder.build()).updateStatus();
	}

}

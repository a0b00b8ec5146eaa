package io.github.wherebytrigger.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import io.github.wherebytrigger.launch.AssistantProperties;
import io.github.wherebytrigger.launch.LauncherProperties;
import io.github.wherebytrigger.system.WherebyProperties;
import io.github.wherebytrigger.launch.http.HttpLauncherProperties;
import io.github.wherebytrigger.launch.kubernetes.KubernetesLauncherProperties;
import io.github.wherebytrigger.trigger.TriggerProperties;
import io.github.wherebytrigger.webhook.WebhookProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * The Helm chart in helm/whereby-trigger: it lints, renders the objects users expect from
 * their values, refuses bad values, and its application.yml binds to the service's own
 * properties classes.
 */
class HelmChartTests {

	private static final Path CHART = Path.of("helm", "whereby-trigger");

	private static final String RELEASE = "wt";

	private static final String NAMESPACE = "assistants";

	private static final String FULLNAME = "wt-whereby-trigger";

	private static final KubernetesSerialization serialization = new KubernetesSerialization();

	private static final ValidatorFactory validatorFactory = Validation.buildDefaultValidatorFactory();

	/** The smallest values a real installation needs: where the signing secret is. */
	private static final String SIGNED = """
			webhook:
			  signingSecret:
			    existingSecret: whereby-webhook
			""";

	/** Room state shared by the pods in Redis, given by URL. */
	private static final String REDIS = SIGNED + """
			state:
			  store: redis
			  redis:
			    url: redis://redis-master.redis:6379
			""";

	/** The README's example: a rule, the Kubernetes launcher and a named assistant. */
	private static final String KUBERNETES = """
			webhook:
			  path: /whereby
			  tolerance: 2m
			  signingSecret:
			    existingSecret: whereby-webhook
			triggers:
			  enabled: [room.client.joined, assistant.requested]
			  timeout: 1500ms
			  rules:
			    host-with-guests:
			      event: room.client.joined
			      condition: "data.roleName == 'host' and data.numClients >= 2"
			    invited:
			      event: assistant.requested
			      assistant: notetaker
			launcher:
			  type: kubernetes
			  deadline: 2500ms
			  kubernetes:
			    image: ghcr.io/acme/notetaker:1.4.0
			    command: [node, assistant.js]
			    env:
			      LOG_LEVEL: info
			    resources:
			      requests: {cpu: 200m, memory: 256Mi}
			      limits: {memory: 512Mi}
			    tolerations:
			      - {key: assistants, operator: Exists, effect: NoExecute, tolerationSeconds: 60}
			    assistantKeySecret:
			      name: whereby-assistant
			      key: api-key
			assistants:
			  notetaker:
			    type: kubernetes
			    kubernetes:
			      namespace: meetings
			      image: ghcr.io/acme/notetaker:1.4.0
			assistant:
			  forgetAfter: 6h
			roomBaseDomain: whereby.example
			""";

	/** An image of extension jars, with the packages of their triggers. */
	private static final String EXTENSIONS = SIGNED + """
			extensions:
			  image:
			    repository: registry.example/acme/whereby-triggers
			    tag: "1.0.0"
			  packages: [com.acme.triggers, com.acme.more]
			""";

	@TempDir
	Path temp;

	@AfterAll
	static void closeValidatorFactory() {
		validatorFactory.close();
	}

	@Test
	void lintStrictShouldPass() {
		LintResult result = new Helm(CHART).lint().strict().call();
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
		assertThat(result.getMessages()).noneMatch((message) -> message.contains("[WARNING]"))
			.noneMatch((message) -> message.contains("[ERROR]"));
	}

	@Test
	void renderWithDefaultValuesShouldCreateOnlyTheServiceObjects() throws IOException {
		Rendered rendered = render(SIGNED);
		assertThat(rendered.kinds()).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Service", "Deployment");
		Container container = rendered.container();
		assertThat(container.getImage()).isEqualTo("ghcr.io/whereby-trigger/whereby-trigger:" + appVersion());
		assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
		assertThat(rendered.deployment().getSpec().getReplicas()).isOne();
		assertThat(container.getResources().getRequests()).containsOnlyKeys("cpu", "memory");
		assertThat(container.getResources().getRequests().get("memory").toString()).isEqualTo("384Mi");
		assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
		assertThat(env(container)).doesNotContainKey("JAVA_TOOL_OPTIONS")
			.containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:/config/");
	}

	@Test
	void renderWithImageTagShouldUseIt() throws IOException {
		Rendered rendered = render(SIGNED, Map.of("image.repository", "registry.example/wt", "image.tag", "0.2.0-rc1"));
		assertThat(rendered.container().getImage()).isEqualTo("registry.example/wt:0.2.0-rc1");
	}

	@Test
	void deploymentShouldRunHardened() throws IOException {
		PodSpec pod = render(SIGNED).deployment().getSpec().getTemplate().getSpec();
		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
		assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(10001L);
		assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
		assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(pod.getEnableServiceLinks()).isFalse();
		Container container = pod.getContainers().get(0);
		assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(container.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
		assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
		assertThat(container.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		Volume tmp = volume(pod, "tmp");
		assertThat(tmp.getEmptyDir()).isNotNull();
		assertThat(container.getVolumeMounts())
			.anySatisfy((mount) -> assertThat(mount.getName() + " " + mount.getMountPath()).isEqualTo("tmp /tmp"))
			.anySatisfy((mount) -> {
				assertThat(mount.getName() + " " + mount.getMountPath()).isEqualTo("config /config");
				assertThat(mount.getReadOnly()).isTrue();
			});
		assertThat(volume(pod, "config").getConfigMap().getName()).isEqualTo(FULLNAME);
	}

	@Test
	void renderWithDefaultValuesShouldAddNoExtensions() throws IOException {
		Rendered rendered = render(SIGNED);
		PodSpec pod = rendered.deployment().getSpec().getTemplate().getSpec();
		assertThat(pod.getInitContainers()).isNullOrEmpty();
		assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactlyInAnyOrder("config", "tmp");
		assertThat(rendered.container().getVolumeMounts()).extracting(VolumeMount::getMountPath)
			.containsExactlyInAnyOrder("/config", "/tmp");
		assertThat(rendered.applicationYml().keySet()).noneMatch((key) -> key.startsWith("whereby.triggers.packages"));
	}

	@Test
	void renderWithExtensionImageShouldCopyItsJarsIntoAReadOnlyExtensionsFolder() throws IOException {
		Rendered rendered = render(EXTENSIONS);
		PodSpec pod = rendered.deployment().getSpec().getTemplate().getSpec();
		assertThat(pod.getInitContainers()).hasSize(1);
		Container init = pod.getInitContainers().get(0);
		assertThat(init.getName()).isEqualTo("extensions");
		assertThat(init.getImage()).isEqualTo("registry.example/acme/whereby-triggers:1.0.0");
		assertThat(init.getImagePullPolicy()).isEqualTo("IfNotPresent");
		assertThat(init.getCommand()).as("exec form: cp, no shell")
			.containsExactly("cp", "-r", "/extensions/.", "/app/extensions/");
		assertThat(init.getArgs()).isNullOrEmpty();
		assertThat(init.getSecurityContext()).isEqualTo(rendered.container().getSecurityContext());
		assertThat(init.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(init.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
		assertThat(init.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(init.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		assertThat(init.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(init.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
		assertThat(init.getResources().getRequests().get("cpu").toString()).isEqualTo("10m");
		assertThat(init.getResources().getRequests().get("memory").toString()).isEqualTo("16Mi");
		assertThat(init.getResources().getLimits().get("memory").toString()).isEqualTo("32Mi");
		assertThat(init.getVolumeMounts()).singleElement().satisfies((mount) -> {
			assertThat(mount.getName() + " " + mount.getMountPath()).isEqualTo("extensions /app/extensions");
			assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
		});
		assertThat(volume(pod, "extensions").getEmptyDir()).isNotNull();
		assertThat(rendered.container().getVolumeMounts()).filteredOn((mount) -> mount.getName().equals("extensions"))
			.singleElement()
			.satisfies((mount) -> {
				assertThat(mount.getMountPath()).isEqualTo("/app/extensions");
				assertThat(mount.getReadOnly()).isTrue();
			});
		assertThat(rendered.applicationYml()).containsEntry("whereby.triggers.packages[0]", "com.acme.triggers")
			.containsEntry("whereby.triggers.packages[1]", "com.acme.more");
	}

	@Test
	void extensionPackagesShouldBindToTheTriggerPropertiesAndValidate() throws IOException {
		TriggerProperties triggers = bindAndValidate(render(EXTENSIONS).environment(), "whereby.triggers",
				TriggerProperties.class);
		assertThat(triggers.getPackages()).containsExactly("com.acme.triggers", "com.acme.more");
	}

	@ParameterizedTest
	@CsvSource({ "/opt/jars, /opt/jars/.", "/opt/jars/, /opt/jars/.", "/, /." })
	void renderWithExtensionPathShouldCopyTheFoldersContents(String path, String copied) throws IOException {
		Container init = render(EXTENSIONS, Map.of("extensions.path", path)).deployment()
			.getSpec()
			.getTemplate()
			.getSpec()
			.getInitContainers()
			.get(0);
		assertThat(init.getCommand()).containsExactly("cp", "-r", copied, "/app/extensions/");
	}

	@Test
	void probesShouldAskTheHealthGroupsOnTheManagementPort() throws IOException {
		Rendered rendered = render(SIGNED);
		Container container = rendered.container();
		assertThat(container.getPorts()).extracting((port) -> port.getName() + "=" + port.getContainerPort())
			.containsExactlyInAnyOrder("http=8080", "management=8081");
		assertProbe(container.getStartupProbe(), "/actuator/health/liveness");
		assertProbe(container.getLivenessProbe(), "/actuator/health/liveness");
		assertProbe(container.getReadinessProbe(), "/actuator/health/readiness");
		Map<String, Object> config = rendered.applicationYml();
		assertThat(config).containsEntry("server.port", 8080).containsEntry("management.server.port", 8081);
		Service service = rendered.one(Service.class);
		assertThat(service.getSpec().getPorts())
			.extracting((port) -> port.getName() + ":" + port.getPort() + "->" + port.getTargetPort().getStrVal())
			.containsExactlyInAnyOrder("http:80->http", "management:8081->management");
		assertThat(service.getSpec().getSelector())
			.isEqualTo(rendered.deployment().getSpec().getSelector().getMatchLabels());
	}

	@Test
	void terminationShouldOutlastPreStopSleepAndGracefulShutdown() throws IOException {
		PodSpec pod = render(SIGNED).deployment().getSpec().getTemplate().getSpec();
		Container container = pod.getContainers().get(0);
		assertThat(container.getLifecycle().getPreStop().getExec()).as("the image has no shell").isNull();
		long preStopSeconds = container.getLifecycle().getPreStop().getSleep().getSeconds();
		assertThat(preStopSeconds).isEqualTo(5);
		Duration shutdownPhase = serviceDefaults().bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.get();
		assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L)
			.isGreaterThan(preStopSeconds + shutdownPhase.toSeconds());
	}

	@Test
	void renderWithKubernetesLauncherShouldCreateOnlyNamespacedRbacWithExactVerbs() throws IOException {
		Rendered rendered = render(KUBERNETES);
		assertThat(rendered.kinds()).filteredOn((kind) -> kind.contains("Role"))
			.containsExactlyInAnyOrder("Role", "RoleBinding");
		List<Role> roles = rendered.all(Role.class);
		assertThat(roles).extracting((role) -> role.getMetadata().getNamespace())
			.containsExactlyInAnyOrder(NAMESPACE, "meetings");
		for (Role role : roles) {
			assertThat(role.getRules()).hasSize(2);
			assertThat(rule(role, "batch", "jobs").getVerbs()).containsExactly("create", "get", "list", "watch",
					"delete");
			assertThat(rule(role, "", "pods").getVerbs()).containsExactly("get", "list");
			assertThat(role.getRules()).allSatisfy((rule) -> {
				assertThat(rule.getResourceNames()).isNullOrEmpty();
				assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
			});
		}
		List<RoleBinding> bindings = rendered.all(RoleBinding.class);
		assertThat(bindings).extracting((binding) -> binding.getMetadata().getNamespace())
			.containsExactlyInAnyOrder(NAMESPACE, "meetings");
		String serviceAccount = rendered.one(ServiceAccount.class).getMetadata().getName();
		assertThat(bindings).allSatisfy((binding) -> {
			assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
			assertThat(binding.getRoleRef().getName()).isEqualTo(roles.get(0).getMetadata().getName());
			assertThat(binding.getSubjects()).singleElement().satisfies((subject) -> {
				assertThat(subject.getKind()).isEqualTo("ServiceAccount");
				assertThat(subject.getName()).isEqualTo(serviceAccount);
				assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
			});
		});
		PodSpec pod = rendered.deployment().getSpec().getTemplate().getSpec();
		assertThat(pod.getServiceAccountName()).isEqualTo(serviceAccount);
		assertThat(pod.getAutomountServiceAccountToken()).isTrue();
	}

	@Test
	void renderWithKubernetesLauncherNamespaceShouldPutTheRoleAndTheJobsThere() throws IOException {
		Rendered rendered = render(KUBERNETES, Map.of("launcher.kubernetes.namespace", "jobs"));
		assertThat(rendered.all(Role.class)).extracting((role) -> role.getMetadata().getNamespace())
			.containsExactlyInAnyOrder("jobs", "meetings");
		assertThat(rendered.applicationYml()).containsEntry("whereby.launcher.kubernetes.namespace", "jobs");
	}

	@Test
	void renderWithKubernetesAssistantOnlyShouldCreateRbacForIt() throws IOException {
		Rendered rendered = render(SIGNED + """
				assistants:
				  notetaker:
				    type: kubernetes
				    kubernetes:
				      image: ghcr.io/acme/notetaker:1.4.0
				""");
		assertThat(rendered.all(Role.class)).singleElement()
			.satisfies((role) -> assertThat(role.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
		assertThat(rendered.deployment().getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isTrue();
		assertThat(rendered.applicationYml()).containsEntry("whereby.assistants.notetaker.kubernetes.namespace",
				NAMESPACE);
	}

	@Test
	void renderWithDefaultAssistantShouldNeedNoLauncherSettings() throws IOException {
		Rendered rendered = render(SIGNED + """
				launcher:
				  type: kubernetes
				assistants:
				  default:
				    type: http
				    http:
				      url: https://workers.example/assistants
				  summary:
				    kubernetes:
				      image: ghcr.io/acme/summary:2.0.0
				""");
		assertThat(rendered.all(Role.class)).as("for summary only").singleElement();
		assertThat(rendered.applicationYml()).containsEntry("whereby.assistants.default.type", "http")
			.containsEntry("whereby.assistants.default.http.url", "https://workers.example/assistants")
			.as("an assistant without a type has the launcher's")
			.containsEntry("whereby.assistants.summary.type", "kubernetes");
	}

	@ParameterizedTest
	@ValueSource(strings = { "log", "http" })
	void renderWithoutKubernetesLauncherShouldCreateNoRbacAndMountNoToken(String type) throws IOException {
		Rendered rendered = render(SIGNED,
				Map.of("launcher.type", type, "launcher.http.url", "https://launcher.example/launch"));
		assertThat(rendered.kinds()).doesNotContain("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
		assertThat(rendered.deployment().getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
		assertThat(rendered.one(ServiceAccount.class).getAutomountServiceAccountToken()).isFalse();
		assertThat(rendered.applicationYml()).doesNotContainKey("whereby.launcher.kubernetes.namespace");
	}

	@Test
	void renderWithIngressAutoscalingAndServiceMonitorShouldCreateThem() throws IOException {
		Rendered rendered = render(REDIS + """
				ingress:
				  enabled: true
				  className: nginx
				  hosts:
				    - host: whereby-trigger.example.com
				  tls:
				    - secretName: whereby-trigger-tls
				      hosts: [whereby-trigger.example.com]
				autoscaling:
				  enabled: true
				  minReplicas: 2
				  maxReplicas: 4
				serviceMonitor:
				  enabled: true
				  labels:
				    release: prometheus
				""");
		Ingress ingress = rendered.one(Ingress.class);
		assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
		assertThat(ingress.getSpec().getTls()).singleElement()
			.satisfies((tls) -> assertThat(tls.getSecretName()).isEqualTo("whereby-trigger-tls"));
		assertThat(ingress.getSpec().getRules()).singleElement().satisfies((rule) -> {
			assertThat(rule.getHost()).isEqualTo("whereby-trigger.example.com");
			HTTPIngressPath path = rule.getHttp().getPaths().get(0);
			assertThat(rule.getHttp().getPaths()).hasSize(1);
			assertThat(path.getPath()).isEqualTo("/webhooks");
			assertThat(path.getPathType()).isEqualTo("Exact");
			assertThat(path.getBackend().getService().getName()).isEqualTo(FULLNAME);
			assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
		});

		HorizontalPodAutoscaler autoscaler = rendered.one(HorizontalPodAutoscaler.class);
		assertThat(autoscaler.getApiVersion()).isEqualTo("autoscaling/v2");
		assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(FULLNAME);
		assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(2);
		assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(4);
		assertThat(autoscaler.getSpec().getMetrics()).singleElement()
			.satisfies((metric) -> assertThat(metric.getResource().getName()).isEqualTo("cpu"));
		assertThat(rendered.deployment().getSpec().getReplicas()).as("the autoscaler owns replicas").isNull();
		assertThat(rendered.all(PodDisruptionBudget.class)).hasSize(1);

		GenericKubernetesResource monitor = rendered.all(GenericKubernetesResource.class)
			.stream()
			.filter((resource) -> resource.getKind().equals("ServiceMonitor"))
			.findFirst()
			.orElseThrow();
		assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
		Map<String, Object> endpoint = monitor.get("spec", "endpoints", 0);
		assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/actuator/prometheus");
		Map<String, Object> selector = monitor.get("spec", "selector", "matchLabels");
		assertThat(selector).isEqualTo(rendered.one(Service.class).getSpec().getSelector());
	}

	@Test
	void renderWithIngressPathsShouldRouteThemToTheWebhookPortOnly() throws IOException {
		Rendered rendered = render(SIGNED + """
				ingress:
				  enabled: true
				  hosts:
				    - host: a.example.com
				      paths:
				        - path: /
				""");
		assertThat(rendered.one(Ingress.class).getSpec().getRules().get(0).getHttp().getPaths()).singleElement()
			.satisfies((path) -> {
				assertThat(path.getPath()).isEqualTo("/");
				assertThat(path.getPathType()).isEqualTo("Prefix");
				assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
			});
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3 })
	void renderShouldCreatePodDisruptionBudgetOnlyWithSeveralReplicas(int replicas) throws IOException {
		Rendered rendered = render(SIGNED,
				Map.of("replicaCount", String.valueOf(replicas), "state.allowPerPodState", "true"));
		assertThat(rendered.deployment().getSpec().getReplicas()).isEqualTo(replicas);
		List<PodDisruptionBudget> budgets = rendered.all(PodDisruptionBudget.class);
		if (replicas == 1) {
			assertThat(budgets).isEmpty();
		}
		else {
			assertThat(budgets).singleElement().satisfies((budget) -> {
				assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isOne();
				assertThat(budget.getSpec().getSelector()).isEqualTo(rendered.deployment().getSpec().getSelector());
			});
		}
	}

	static Stream<Arguments> badValues() {
		return Stream.of(Arguments.of("wrong type", SIGNED, Map.of("replicaCount", "two"), "replicaCount"),
				Arguments.of("unknown top-level key", SIGNED, Map.of("replicas", "2"),
						"additional properties 'replicas' not allowed"),
				Arguments.of("no signing secret", "{}", Map.of(), "A webhook signing secret is required"),
				Arguments.of("launcher type not offered", SIGNED, Map.of("launcher.type", "command"), "launcher/type"),
				Arguments.of("launcher type unknown", SIGNED, Map.of("launcher.type", "docker"), "launcher/type"),
				Arguments.of("Kubernetes launcher without image", SIGNED, Map.of("launcher.type", "kubernetes"),
						"launcher.kubernetes.image is empty"),
				Arguments.of("HTTP launcher without URL", SIGNED, Map.of("launcher.type", "http"),
						"launcher.http.url is empty"),
				Arguments.of("secret given twice", SIGNED, Map.of("webhook.signingSecret.value", "whsec_x"),
						"set either existingSecret or value, not both"),
				Arguments.of("rule for an unknown event", SIGNED, Map.of("triggers.rules.r.event", "room.created"),
						"triggers/rules/r/event"),
				Arguments.of("misspelt nested key", SIGNED, Map.of("webhook.allowUnsinged", "true"), "allowUnsinged"),
				Arguments.of("rule starting an unknown assistant", SIGNED,
						Map.of("triggers.rules.r.event", "room.client.joined", "triggers.rules.r.assistant", "nobody"),
						"neither 'default' nor a name in assistants"),
				Arguments.of("assistant name not a label", SIGNED, Map.of("assistants.Note_Taker.type", "log"),
						"Note_Taker"),
				Arguments.of("named Kubernetes assistant without image", SIGNED,
						Map.of("assistants.notetaker.type", "kubernetes"), "assistants.notetaker.kubernetes.image"),
				Arguments.of("several replicas with the memory store", SIGNED, Map.of("replicaCount", "2"),
						"replicaCount is 2 but state.store is memory"),
				Arguments.of("autoscaling with the memory store", SIGNED, Map.of("autoscaling.enabled", "true"),
						"autoscaling.enabled is true but state.store is memory"),
				Arguments.of("state store unknown", SIGNED, Map.of("state.store", "etcd"), "state/store"),
				Arguments.of("Redis store without Redis", SIGNED, Map.of("state.store", "redis"),
						"state.store is redis but no Redis is given: set state.redis.url"),
				Arguments.of("Redis URL and host", REDIS, Map.of("state.redis.host", "redis.example"),
						"state.redis.url and state.redis.host are both set: set one or the other"),
				Arguments.of("Redis URL with a password Secret", REDIS,
						Map.of("state.redis.passwordSecret.name", "redis-auth"),
						"Spring Boot takes the username and password from the URL only"),
				Arguments.of("Redis URL with a password", SIGNED,
						Map.of("state.store", "redis", "state.redis.url", "redis://:hunter2@redis-master.redis:6379"),
						"state.redis.url contains a password"),
				Arguments.of("Redis URL not redis://", SIGNED,
						Map.of("state.store", "redis", "state.redis.url", "http://redis-master.redis:6379"),
						"state/redis/url"),
				Arguments.of("misspelt Redis key", REDIS, Map.of("state.redis.passwrd", "x"), "passwrd"),
				Arguments.of("extension image without packages", SIGNED,
						Map.of("extensions.image.repository", "registry.example/acme/whereby-triggers",
								"extensions.image.tag", "1.0.0"),
						"extensions.image.repository is set but extensions.packages is empty"),
				Arguments.of("extension packages without image", SIGNED + """
						extensions:
						  packages: [com.acme.triggers]
						""", Map.of(), "extensions.packages is set but extensions.image.repository is empty"),
				Arguments.of("extension image without tag", EXTENSIONS, Map.of("extensions.image.tag", ""),
						"extensions.image.tag is empty"),
				Arguments.of("extension package not a Java package name", SIGNED + """
						extensions:
						  packages: [com.acme-triggers]
						""", Map.of(), "extensions/packages/0"),
				Arguments.of("extension path in /app/extensions", EXTENSIONS,
						Map.of("extensions.path", "/app/extensions"),
						"extensions.path (/app/extensions) is in /app/extensions"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badValues")
	void renderWithBadValuesShouldFail(String description, String values, Map<String, String> set, String message) {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> render(values, set))
			.withMessageContaining(message);
	}

	@ParameterizedTest
	@ValueSource(strings = { "replicaCount=3", "autoscaling.enabled=true" })
	void renderWithSeveralPodsAndTheMemoryStoreShouldFailSayingWhyAndWhatToSet(String pods) {
		String[] value = pods.split("=");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> render(SIGNED, Map.of(value[0], value[1])))
			.withMessageContaining("each pod keeps its own event ids and room claims")
			.withMessageContaining("launches its assistant twice")
			.withMessageContaining("a restarted pod forgets the assistants running in its rooms")
			.withMessageContaining("state.store=redis with state.redis.url (or state.redis.host)")
			.withMessageContaining("state.allowPerPodState=true to accept per-pod state");
	}

	@Test
	void renderWithSeveralReplicasAndPerPodStateAllowedShouldKeepTheMemoryStore() throws IOException {
		Rendered rendered = render(SIGNED, Map.of("replicaCount", "3", "state.allowPerPodState", "true"));
		assertThat(rendered.deployment().getSpec().getReplicas()).isEqualTo(3);
		assertThat(rendered.all(PodDisruptionBudget.class)).hasSize(1);
		assertThat(rendered.applicationYml()).containsEntry("whereby.state.store", "memory");
	}

	@ParameterizedTest
	@ValueSource(strings = { "replicaCount=3", "autoscaling.enabled=true" })
	void renderWithSeveralPodsAndTheRedisStoreShouldNeedNoOptOut(String pods) throws IOException {
		String[] value = pods.split("=");
		Rendered rendered = render(REDIS, Map.of(value[0], value[1]));
		assertThat(rendered.all(PodDisruptionBudget.class)).hasSize(1);
		assertThat(rendered.applicationYml()).containsEntry("whereby.state.store", "redis");
	}

	@Test
	void renderWithDefaultValuesShouldKeepTheStateInMemoryWithoutRedisSettings() throws IOException {
		Rendered rendered = render(SIGNED);
		Map<String, Object> config = rendered.applicationYml();
		assertThat(config).containsEntry("whereby.state.store", "memory");
		assertThat(config.keySet()).filteredOn((key) -> key.startsWith("whereby.state."))
			.containsExactly("whereby.state.store");
		assertThat(config.keySet()).noneMatch((key) -> key.startsWith("spring"));
		assertThat(rendered.container().getEnv()).extracting(EnvVar::getName)
			.noneMatch((name) -> name.contains("REDIS"));
	}

	@Test
	void renderWithMemoryStoreShouldLeaveRedisValuesOut() throws IOException {
		Rendered rendered = render(SIGNED + """
				state:
				  redis:
				    host: redis-master.redis
				    tls: true
				    passwordSecret:
				      name: redis-auth
				""");
		assertThat(rendered.applicationYml().keySet()).noneMatch((key) -> key.startsWith("spring"))
			.doesNotContain("whereby.state.key-prefix");
		assertThat(rendered.container().getEnv()).extracting(EnvVar::getName)
			.doesNotContain("SPRING_DATA_REDIS_PASSWORD");
	}

	@Test
	void renderWithRedisUrlShouldConfigureTheStoreAndSpringBootsConnection() throws IOException {
		Rendered rendered = render(REDIS);
		Map<String, Object> config = rendered.applicationYml();
		assertThat(config).containsEntry("whereby.state.store", "redis")
			.containsEntry("whereby.state.key-prefix", "whereby-trigger:")
			.containsEntry("spring.data.redis.url", "redis://redis-master.redis:6379");
		assertThat(config.keySet()).filteredOn((key) -> key.startsWith("spring.data.redis."))
			.containsExactly("spring.data.redis.url");
		assertThat(rendered.container().getEnv()).extracting(EnvVar::getName)
			.doesNotContain("SPRING_DATA_REDIS_PASSWORD");
		DataRedisProperties redis = bindAndValidate(rendered.environment(), "spring.data.redis",
				DataRedisProperties.class);
		assertThat(redis.getUrl()).isEqualTo("redis://redis-master.redis:6379");
		assertThat(redis.getPassword()).isNull();
		assertThat(redis.getSsl().isEnabled()).isFalse();
	}

	@Test
	void renderWithRedisKeyPrefixShouldUseIt() throws IOException {
		Map<String, Object> config = render(REDIS + """
				    keyPrefix: "meetings:"
				""").applicationYml();
		assertThat(config).containsEntry("whereby.state.key-prefix", "meetings:");
	}

	@Test
	void renderWithRedisHostShouldConfigureHostPortUsernameTlsAndThePasswordBySecretReference() throws IOException {
		Rendered rendered = render(SIGNED + """
				state:
				  store: redis
				  redis:
				    host: redis.example
				    port: 6380
				    username: whereby
				    tls: true
				    passwordSecret:
				      name: redis-auth
				      key: redis-password
				""");
		Map<String, Object> config = rendered.applicationYml();
		assertThat(config).containsEntry("whereby.state.store", "redis")
			.containsEntry("spring.data.redis.host", "redis.example")
			.containsEntry("spring.data.redis.port", 6380)
			.containsEntry("spring.data.redis.username", "whereby")
			.containsEntry("spring.data.redis.ssl.enabled", true);
		assertThat(config.keySet()).filteredOn((key) -> key.startsWith("spring.data.redis."))
			.containsExactlyInAnyOrder("spring.data.redis.host", "spring.data.redis.port", "spring.data.redis.username",
					"spring.data.redis.ssl.enabled");
		Container container = rendered.container();
		assertThat(secretRef(container, "SPRING_DATA_REDIS_PASSWORD")).isEqualTo("redis-auth/redis-password");
		assertThat(env(container)).doesNotContainKey("SPRING_DATA_REDIS_PASSWORD");
		assertThat(rendered.configMap().getData().get("application.yml")).doesNotContain("password");
		assertThat(rendered.all(Secret.class)).as("the password is only referenced").isEmpty();
		assertThat(rendered.documents()
			.stream()
			.filter((document) -> !(document instanceof Deployment))
			.map(serialization::asYaml)
			.reduce("", String::concat)).doesNotContain("redis-auth").doesNotContain("redis-password");
		DataRedisProperties redis = bindAndValidate(rendered.environment(), "spring.data.redis",
				DataRedisProperties.class);
		assertThat(redis.getUrl()).isNull();
		assertThat(redis.getHost()).isEqualTo("redis.example");
		assertThat(redis.getPort()).isEqualTo(6380);
		assertThat(redis.getUsername()).isEqualTo("whereby");
		assertThat(redis.getPassword()).isEqualTo("secret-from-redis-auth");
		assertThat(redis.getSsl().isEnabled()).isTrue();
	}

	@Test
	void renderWithRedisHostShouldDefaultThePortAndThePasswordKey() throws IOException {
		Rendered rendered = render(SIGNED + """
				state:
				  store: redis
				  redis:
				    host: redis-master.redis
				    passwordSecret:
				      name: redis-auth
				""");
		assertThat(rendered.applicationYml()).containsEntry("spring.data.redis.host", "redis-master.redis")
			.containsEntry("spring.data.redis.port", 6379)
			.doesNotContainKey("spring.data.redis.ssl.enabled")
			.doesNotContainKey("spring.data.redis.username");
		assertThat(secretRef(rendered.container(), "SPRING_DATA_REDIS_PASSWORD")).isEqualTo("redis-auth/password");
	}

	@Test
	void renderWithRedisUrlAndTlsShouldEnableSsl() throws IOException {
		Map<String, Object> config = render(REDIS, Map.of("state.redis.tls", "true")).applicationYml();
		assertThat(config).containsEntry("spring.data.redis.url", "redis://redis-master.redis:6379")
			.containsEntry("spring.data.redis.ssl.enabled", true);
	}

	@Test
	void renderWithAllowUnsignedShouldNeedNoSecret() throws IOException {
		Rendered rendered = render("{}", Map.of("webhook.allowUnsigned", "true"));
		assertThat(env(rendered.container())).doesNotContainKey("WHEREBY_WEBHOOK_SIGNINGSECRETS");
		assertThat(rendered.applicationYml()).containsEntry("whereby.webhook.allow-unsigned", true);
		assertThat(rendered.all(Secret.class)).isEmpty();
	}

	@Test
	void checksumShouldChangeOnlyWhenTheConfigurationChanges() throws IOException {
		String original = render(SIGNED).checksum();
		assertThat(original).matches("[0-9a-f]{64}");
		assertThat(render(SIGNED).checksum()).isEqualTo(original);
		assertThat(render(SIGNED, Map.of("webhook.tolerance", "1m")).checksum()).isNotEqualTo(original);
		assertThat(render(SIGNED, Map.of("triggers.rules.invited.event", "assistant.requested")).checksum())
			.isNotEqualTo(original);
		assertThat(render(SIGNED, Map.of("replicaCount", "1", "service.port", "8000")).checksum()).isEqualTo(original);
		String redis = render(REDIS).checksum();
		assertThat(redis).as("the store changed").isNotEqualTo(original);
		assertThat(render(REDIS, Map.of("state.redis.keyPrefix", "meetings:")).checksum()).isNotEqualTo(redis);
		assertThat(render(REDIS, Map.of("state.redis.url", "rediss://redis-master.redis:6380")).checksum())
			.isNotEqualTo(redis);
		assertThat(render(REDIS, Map.of("state.redis.tls", "true")).checksum()).isNotEqualTo(redis);
	}

	@Test
	void checksumShouldChangeWhenTheChartsSecretChanges() throws IOException {
		String first = render("{}", Map.of("webhook.signingSecret.value", "whsec_first")).checksum();
		String second = render("{}", Map.of("webhook.signingSecret.value", "whsec_second")).checksum();
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void existingSecretsShouldReachTheContainerBySecretKeyRef() throws IOException {
		Rendered rendered = render(SIGNED);
		assertThat(secretRef(rendered.container(), "WHEREBY_WEBHOOK_SIGNINGSECRETS"))
			.isEqualTo("whereby-webhook/signing-secrets");
		assertThat(rendered.all(Secret.class)).as("the chart creates no Secret of its own").isEmpty();
	}

	@Test
	void secretsGivenAsValuesShouldBeInTheChartsSecretOnlyAndNeverInConfigMaps() throws IOException {
		Rendered rendered = render("""
				webhook:
				  signingSecret:
				    value: whsec_literal_old,whsec_literal_new
				launcher:
				  type: http
				  http:
				    url: https://launcher.example/launch
				    signingSecret:
				      value: launcher_literal_signing
				    bearerToken:
				      existingSecret: launcher-token
				      existingSecretKey: token
				assistants:
				  remote:
				    type: http
				    http:
				      url: https://remote.example/launch
				      bearerToken:
				        value: remote_literal_token
				""");
		Container container = rendered.container();
		assertThat(secretRef(container, "WHEREBY_WEBHOOK_SIGNINGSECRETS")).isEqualTo(FULLNAME + "/signing-secrets");
		assertThat(secretRef(container, "WHEREBY_LAUNCHER_HTTP_SIGNINGSECRET"))
			.isEqualTo(FULLNAME + "/launcher-http-signing-secret");
		assertThat(secretRef(container, "WHEREBY_LAUNCHER_HTTP_BEARERTOKEN")).isEqualTo("launcher-token/token");
		assertThat(secretRef(container, "whereby.assistants.remote.http.bearer-token"))
			.isEqualTo(FULLNAME + "/assistant-remote-http-bearer-token");
		Secret secret = rendered.one(Secret.class);
		Map<String, String> decoded = new LinkedHashMap<>();
		secret.getData()
			.forEach((key, value) -> decoded.put(key,
					new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
		assertThat(decoded).containsOnly(entry("signing-secrets", "whsec_literal_old,whsec_literal_new"),
				entry("launcher-http-signing-secret", "launcher_literal_signing"),
				entry("assistant-remote-http-bearer-token", "remote_literal_token"));
		String everythingButTheSecret = rendered.documents()
			.stream()
			.filter((document) -> !(document instanceof Secret))
			.map(serialization::asYaml)
			.reduce("", String::concat);
		assertThat(everythingButTheSecret).doesNotContain("literal");
		assertThat(env(container).values()).noneMatch((value) -> value.contains("literal"));
	}

	@Test
	void assistantKeyShouldAppearInTheConfigMapOnlyAsSecretReference() throws IOException {
		Rendered rendered = render(KUBERNETES);
		assertThat(rendered.applicationYml())
			.containsEntry("whereby.launcher.kubernetes.assistant-key-secret.name", "whereby-assistant")
			.containsEntry("whereby.launcher.kubernetes.assistant-key-secret.key", "api-key");
		assertThat(rendered.applicationYml().keySet()).filteredOn((key) -> key.contains("assistant-key"))
			.containsExactlyInAnyOrder("whereby.launcher.kubernetes.assistant-key-secret.name",
					"whereby.launcher.kubernetes.assistant-key-secret.key");
	}

	@Test
	void applicationYmlShouldUseTheLauncherPropertyNames() throws IOException {
		Map<String, Object> config = render(KUBERNETES).applicationYml();
		Set<String> kubernetes = new TreeSet<>();
		config.keySet()
			.stream()
			.filter((key) -> key.startsWith("whereby.launcher.kubernetes."))
			.map((key) -> key.substring("whereby.launcher.kubernetes.".length()).replaceAll("[.\\[].*", ""))
			.forEach(kubernetes::add);
		assertThat(kubernetes).containsExactlyInAnyOrder("namespace", "image", "image-pull-policy", "command", "env",
				"resources", "tolerations", "backoff-limit", "active-deadline-seconds", "ttl-seconds-after-finished",
				"assistant-key-secret");
		assertThat(config).containsEntry("whereby.launcher.type", "kubernetes")
			.containsEntry("whereby.launcher.kubernetes.namespace", NAMESPACE)
			.containsEntry("whereby.launcher.kubernetes.image", "ghcr.io/acme/notetaker:1.4.0")
			.containsEntry("whereby.launcher.kubernetes.command[0]", "node")
			.containsEntry("whereby.launcher.kubernetes.command[1]", "assistant.js")
			.containsEntry("whereby.launcher.kubernetes.env.LOG_LEVEL", "info")
			.containsEntry("whereby.launcher.kubernetes.resources.requests.cpu", "200m")
			.containsEntry("whereby.launcher.kubernetes.resources.limits.memory", "512Mi")
			.containsEntry("whereby.launcher.kubernetes.backoff-limit", 0)
			.containsEntry("whereby.launcher.kubernetes.active-deadline-seconds", 14400)
			.containsEntry("whereby.launcher.kubernetes.ttl-seconds-after-finished", 600)
			.containsEntry("whereby.assistants.notetaker.type", "kubernetes")
			.containsEntry("whereby.assistants.notetaker.kubernetes.namespace", "meetings")
			.containsEntry("whereby.assistant.one-per-room", true)
			.containsEntry("whereby.assistant.forget-after", "6h")
			.containsEntry("whereby.assistant.stop-on[0]", "room.session.ended")
			.containsEntry("whereby.assistant.stop-when-empty", true)
			.containsEntry("whereby.triggers.rules.invited.assistant", "notetaker")
			.containsEntry("logging.structured.format.console", "ecs");
	}

	@Test
	void applicationYmlShouldLeaveEmptyValuesOutSoTheServiceDefaultsApply() throws IOException {
		Map<String, Object> config = render(SIGNED, Map.of("logging.structured", "false")).applicationYml();
		assertThat(config.keySet()).noneMatch((key) -> key.startsWith("whereby.triggers.enabled"))
			.noneMatch((key) -> key.startsWith("whereby.triggers.rules"))
			.noneMatch((key) -> key.startsWith("whereby.assistants"))
			.noneMatch((key) -> key.startsWith("whereby.launcher.kubernetes"))
			.noneMatch((key) -> key.startsWith("whereby.launcher.http"))
			.noneMatch((key) -> key.startsWith("logging"))
			.doesNotContain("whereby.assistant.forget-after");
		assertThat(config).containsEntry("whereby.webhook.allow-unsigned", false)
			.containsEntry("whereby.launcher.type", "log");
	}

	@Test
	void extraConfigShouldBeMergedWithoutOverridingTheChartsKeys() throws IOException {
		Map<String, Object> config = render(SIGNED + """
				extraConfig:
				  whereby:
				    webhook:
				      path: /not-this-one
				      deduplication:
				        retention: 2h
				  logging:
				    level:
				      io.github.wherebytrigger: debug
				""").applicationYml();
		assertThat(config).containsEntry("whereby.webhook.deduplication.retention", "2h")
			.containsEntry("logging.level.io.github.wherebytrigger", "debug")
			.containsEntry("whereby.webhook.path", "/webhooks");
	}

	/**
	 * The binding check: the rendered application.yml, plus the secrets as the
	 * Deployment's environment variables deliver them, binds to the service's properties
	 * classes and passes their validation, as at start-up. Checked: WebhookProperties,
	 * TriggerProperties, LauncherProperties, AssistantProperties, WherebyProperties, and
	 * the Kubernetes launcher's settings of the default and of a named assistant.
	 */
	@Test
	void applicationYmlShouldBindToTheServicePropertiesAndValidate() throws IOException {
		StandardEnvironment environment = render(KUBERNETES).environment();

		WebhookProperties webhook = bindAndValidate(environment, "whereby.webhook", WebhookProperties.class);
		assertThat(webhook.getPath()).isEqualTo("/whereby");
		assertThat(webhook.getTolerance()).isEqualTo(Duration.ofMinutes(2));
		assertThat(webhook.getMaxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
		assertThat(webhook.isAllowUnsigned()).isFalse();
		assertThat(webhook.getSigningSecrets()).containsExactly("secret-from-whereby-webhook");

		TriggerProperties triggers = bindAndValidate(environment, "whereby.triggers", TriggerProperties.class);
		assertThat(triggers.getEnabled()).containsExactly("room.client.joined", "assistant.requested");
		assertThat(triggers.getTimeout()).isEqualTo(Duration.ofMillis(1500));
		assertThat(triggers.getRules()).containsOnlyKeys("host-with-guests", "invited");
		assertThat(triggers.getRules().get("host-with-guests").getEvent()).isEqualTo("room.client.joined");
		assertThat(triggers.getRules().get("host-with-guests").getCondition())
			.isEqualTo("data.roleName == 'host' and data.numClients >= 2");
		assertThat(triggers.getRules().get("host-with-guests").getAssistant()).isEqualTo("default");
		assertThat(triggers.getRules().get("invited").getCondition()).isNull();
		assertThat(triggers.getRules().get("invited").getAssistant()).isEqualTo("notetaker");

		LauncherProperties launcher = bindAndValidate(environment, "whereby.launcher", LauncherProperties.class);
		assertThat(launcher.getType()).isEqualTo("kubernetes");
		assertThat(launcher.getDeadline()).isEqualTo(Duration.ofMillis(2500));

		KubernetesLauncherProperties jobs = bindAndValidate(environment, "whereby.launcher.kubernetes",
				KubernetesLauncherProperties.class);
		assertThat(jobs.getNamespace()).isEqualTo(NAMESPACE);
		assertThat(jobs.getImage()).isEqualTo("ghcr.io/acme/notetaker:1.4.0");
		assertThat(jobs.getImagePullPolicy()).isEqualTo("IfNotPresent");
		assertThat(jobs.getCommand()).containsExactly("node", "assistant.js");
		assertThat(jobs.getEnv()).containsExactly(entry("LOG_LEVEL", "info"));
		assertThat(jobs.getResources().getRequests()).containsEntry("cpu", "200m").containsEntry("memory", "256Mi");
		assertThat(jobs.getResources().getLimits()).containsExactly(entry("memory", "512Mi"));
		assertThat(jobs.getTolerations()).singleElement().satisfies((toleration) -> {
			assertThat(toleration.getKey()).isEqualTo("assistants");
			assertThat(toleration.getTolerationSeconds()).isEqualTo(60L);
		});
		assertThat(jobs.getBackoffLimit()).isZero();
		assertThat(jobs.getActiveDeadlineSeconds()).isEqualTo(14400L);
		assertThat(jobs.getTtlSecondsAfterFinished()).isEqualTo(600);
		assertThat(jobs.getAssistantKeySecret().getName()).isEqualTo("whereby-assistant");
		assertThat(jobs.getAssistantKeySecret().getKey()).isEqualTo("api-key");

		AssistantProperties assistant = bindAndValidate(environment, "whereby.assistant", AssistantProperties.class);
		assertThat(assistant.isOnePerRoom()).isTrue();
		assertThat(assistant.getForgetAfter()).isEqualTo(Duration.ofHours(6));
		assertThat(assistant.getStopOn()).containsExactly("room.session.ended");
		assertThat(assistant.isStopWhenEmpty()).isTrue();

		WherebyProperties whereby = bindAndValidate(environment, "whereby", WherebyProperties.class);
		assertThat(whereby.getRoomBaseDomain()).isEqualTo("whereby.example");
		assertThat(whereby.getAssistants()).containsOnlyKeys("notetaker");
		assertThat(whereby.getAssistants().get("notetaker").getType()).isEqualTo("kubernetes");
		KubernetesLauncherProperties notetaker = bindAndValidate(environment, "whereby.assistants.notetaker.kubernetes",
				KubernetesLauncherProperties.class);
		assertThat(notetaker.getNamespace()).isEqualTo("meetings");
		assertThat(notetaker.getImage()).isEqualTo("ghcr.io/acme/notetaker:1.4.0");
	}

	@Test
	void applicationYmlWithDefaultValuesShouldBindToTheServicePropertiesAndValidate() throws IOException {
		StandardEnvironment environment = render(SIGNED).environment();
		assertThat(bindAndValidate(environment, "whereby.webhook", WebhookProperties.class).getPath())
			.isEqualTo("/webhooks");
		assertThat(bindAndValidate(environment, "whereby.triggers", TriggerProperties.class).getEnabled())
			.as("all types when the list is empty")
			.hasSize(5);
		assertThat(bindAndValidate(environment, "whereby.launcher", LauncherProperties.class).getDeadline())
			.isEqualTo(Duration.ofSeconds(3));
		assertThat(bindAndValidate(environment, "whereby.assistant", AssistantProperties.class).getForgetAfter())
			.isEqualTo(Duration.ofHours(12));
		assertThat(bindAndValidate(environment, "whereby", WherebyProperties.class).getRoomBaseDomain())
			.isEqualTo("whereby.com");
	}

	@Test
	void secretEnvironmentVariablesShouldBindToTheirProperties() throws IOException {
		StandardEnvironment environment = render(SIGNED + """
				launcher:
				  type: http
				  http:
				    url: https://launcher.example/launch
				    signingSecret: {existingSecret: launcher}
				    bearerToken: {existingSecret: launcher}
				assistants:
				  note-taker:
				    type: http
				    http:
				      url: https://remote.example/launch
				      bearerToken: {existingSecret: note-taker}
				""").environment();
		Binder binder = Binder.get(environment);
		assertThat(binder.bind("whereby.webhook.signing-secrets", Bindable.listOf(String.class)).get())
			.containsExactly("secret-from-whereby-webhook");
		assertThat(binder.bind("whereby.launcher.http.signing-secret", String.class).get())
			.isEqualTo("secret-from-launcher");
		assertThat(binder.bind("whereby.launcher.http.bearer-token", String.class).get())
			.isEqualTo("secret-from-launcher");
		assertThat(binder.bind("whereby.assistants.note-taker.http.bearer-token", String.class).get())
			.isEqualTo("secret-from-note-taker");
		HttpLauncherProperties launcher = bindAndValidate(environment, "whereby.launcher.http",
				HttpLauncherProperties.class);
		assertThat(launcher.getUrl()).hasToString("https://launcher.example/launch");
		assertThat(launcher.getSigningSecret()).isEqualTo("secret-from-launcher");
		assertThat(launcher.getBearerToken()).isEqualTo("secret-from-launcher");
		assertThat(launcher.getConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
		HttpLauncherProperties noteTaker = bindAndValidate(environment, "whereby.assistants.note-taker.http",
				HttpLauncherProperties.class);
		assertThat(noteTaker.getUrl()).hasToString("https://remote.example/launch");
		assertThat(noteTaker.getBearerToken()).isEqualTo("secret-from-note-taker");
		assertThat(noteTaker.getSigningSecret()).isNull();
		assertThat(bindAndValidate(environment, "whereby", WherebyProperties.class).getAssistants())
			.containsOnlyKeys("note-taker");
	}

	static Stream<Arguments> valuesTheServiceRefuses() {
		return Stream.of(
				Arguments.of(Map.of("triggers.rules.broken.event", "room.client.joined",
						"triggers.rules.broken.condition", "data.roleName =="), "whereby.triggers",
						TriggerProperties.class),
				Arguments.of(Map.of("webhook.tolerance", "2h"), "whereby.webhook", WebhookProperties.class),
				Arguments.of(Map.of("launcher.deadline", "10s"), "whereby.launcher", LauncherProperties.class));
	}

	@ParameterizedTest
	@MethodSource("valuesTheServiceRefuses")
	void bindingCheckShouldCatchValuesTheServiceRefuses(Map<String, String> set, String prefix, Class<?> type)
			throws IOException {
		StandardEnvironment environment = render(SIGNED, set).environment();
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bindAndValidate(environment, prefix, type));
	}

	@Test
	void renderWithJavaToolOptionsShouldPassThemToTheJvm() throws IOException {
		Rendered rendered = render(SIGNED, Map.of("javaToolOptions", "-Xmx200m"));
		assertThat(env(rendered.container())).containsEntry("JAVA_TOOL_OPTIONS", "-Xmx200m");
	}

	@Test
	void renderWithGrafanaDashboardShouldShipItInAConfigMapForTheSidecar() throws IOException {
		assertThat(render(SIGNED).all(ConfigMap.class)).hasSize(1);
		Rendered rendered = render(SIGNED + """
				grafanaDashboard:
				  enabled: true
				  annotations:
				    grafana_folder: whereby
				""");
		ConfigMap dashboard = rendered.all(ConfigMap.class)
			.stream()
			.filter((configMap) -> configMap.getMetadata().getName().endsWith("-dashboard"))
			.findFirst()
			.orElseThrow();
		assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
		assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "whereby");
		String json = dashboard.getData().get("whereby-trigger.json");
		assertThat(json).isEqualTo(Files.readString(CHART.resolve("dashboards/whereby-trigger.json")).strip());
		assertThat(serialization.unmarshal(json, Map.class)).containsEntry("uid", "whereby-trigger");
	}

	private Rendered render(String values) throws IOException {
		return render(values, Map.of());
	}

	private Rendered render(String values, Map<String, String> set) throws IOException {
		Path file = Files.createTempFile(this.temp, "values", ".yaml");
		Files.writeString(file, values);
		TemplateCommand command = new Helm(CHART).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion("v1.33.0")
			.withValuesFile(file);
		for (Map.Entry<String, String> value : set.entrySet()) {
			command = command.set(value.getKey(), value.getValue());
		}
		return new Rendered(parse(command.call()));
	}

	private static List<HasMetadata> parse(String yaml) {
		Object parsed = serialization.unmarshal(yaml);
		if (parsed instanceof List<?> list) {
			return list.stream().map(HasMetadata.class::cast).toList();
		}
		return List.of((HasMetadata) parsed);
	}

	private static <T> T bindAndValidate(StandardEnvironment environment, String prefix, Class<T> type) {
		T properties = instantiate(type);
		List<Validator> validators = new ArrayList<>();
		validators.add(new SpringValidatorAdapter(validatorFactory.getValidator()));
		if (properties instanceof Validator self) {
			validators.add(self);
		}
		Binder.get(environment)
			.bind(prefix, Bindable.ofInstance(properties),
					new ValidationBindHandler(validators.toArray(Validator[]::new)));
		return properties;
	}

	private static <T> T instantiate(Class<T> type) {
		try {
			return type.getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The service's own defaults, from its jar. */
	private static Binder serviceDefaults() throws IOException {
		StandardEnvironment environment = emptyEnvironment();
		new YamlPropertySourceLoader()
			.load("defaults.yml", new ClassPathResource("io/github/wherebytrigger/config/defaults.yml"))
			.forEach(environment.getPropertySources()::addLast);
		return Binder.get(environment);
	}

	private static StandardEnvironment emptyEnvironment() {
		StandardEnvironment environment = new StandardEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		return environment;
	}

	private static void assertProbe(Probe probe, String path) {
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
	}

	private static PolicyRule rule(Role role, String apiGroup, String resource) {
		return role.getRules()
			.stream()
			.filter((rule) -> rule.getApiGroups().equals(List.of(apiGroup))
					&& rule.getResources().equals(List.of(resource)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no rule for " + resource + " in " + role.getRules()));
	}

	private static Volume volume(PodSpec pod, String name) {
		return pod.getVolumes()
			.stream()
			.filter((volume) -> volume.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume " + name));
	}

	private static Map<String, String> env(Container container) {
		Map<String, String> env = new LinkedHashMap<>();
		container.getEnv()
			.stream()
			.filter((variable) -> variable.getValue() != null)
			.forEach((variable) -> env.put(variable.getName(), variable.getValue()));
		return env;
	}

	/** The "secret/key" an environment variable comes from. */
	private static String secretRef(Container container, String name) {
		EnvVar variable = container.getEnv()
			.stream()
			.filter((candidate) -> candidate.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no environment variable " + name));
		assertThat(variable.getValue()).isNull();
		return variable.getValueFrom().getSecretKeyRef().getName() + "/"
				+ variable.getValueFrom().getSecretKeyRef().getKey();
	}

	private static String appVersion() throws IOException {
		return Files.readAllLines(CHART.resolve("Chart.yaml"))
			.stream()
			.filter((line) -> line.startsWith("appVersion:"))
			.map((line) -> line.substring("appVersion:".length()).trim().replace("\"", ""))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * The objects of one rendering.
	 */
	private record Rendered(List<HasMetadata> documents) {

		Set<String> kinds() {
			Set<String> kinds = new TreeSet<>();
			this.documents.forEach((document) -> kinds.add(document.getKind()));
			return kinds;
		}

		<T extends HasMetadata> List<T> all(Class<T> type) {
			return this.documents.stream().filter(type::isInstance).map(type::cast).toList();
		}

		<T extends HasMetadata> T one(Class<T> type) {
			List<T> all = all(type);
			assertThat(all).as(type.getSimpleName()).hasSize(1);
			return all.get(0);
		}

		Deployment deployment() {
			return one(Deployment.class);
		}

		Container container() {
			return deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
		}

		String checksum() {
			return deployment().getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
		}

		ConfigMap configMap() {
			return one(ConfigMap.class);
		}

		/** The rendered application.yml as a Spring property source sees it. */
		Map<String, Object> applicationYml() throws IOException {
			Map<String, Object> properties = new LinkedHashMap<>();
			for (PropertySource<?> source : loadApplicationYml()) {
				EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
				for (String name : enumerable.getPropertyNames()) {
					properties.putIfAbsent(name, unwrap(enumerable.getProperty(name)));
				}
			}
			return properties;
		}

		/**
		 * The environment the container sees: the ConfigMap's application.yml, and the
		 * environment variables that come from Secrets, each valued "secret-from-<secret
		 * name>".
		 */
		StandardEnvironment environment() throws IOException {
			StandardEnvironment environment = emptyEnvironment();
			Map<String, Object> variables = new LinkedHashMap<>();
			for (EnvVar variable : container().getEnv()) {
				if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
					variables.put(variable.getName(),
							"secret-from-" + variable.getValueFrom().getSecretKeyRef().getName());
				}
			}
			environment.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
			loadApplicationYml().forEach(environment.getPropertySources()::addLast);
			return environment;
		}

		private List<PropertySource<?>> loadApplicationYml() throws IOException {
			String yaml = configMap().getData().get("application.yml");
			assertThat(yaml).isNotBlank();
			return new YamlPropertySourceLoader().load("application.yml",
					new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		}

		private static Object unwrap(Object value) {
			return (value instanceof OriginTrackedValue tracked) ? tracked.getValue() : value;
		}

	}

}

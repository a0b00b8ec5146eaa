package io.github.wherebytrigger.launch.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.jspecify.annotations.Nullable;

import io.github.wherebytrigger.launch.LaunchRequest;

/**
 * Builds the Job of one launch: the user's template (file and properties, properties
 * winning), plus what the service adds: the {@code WHEREBY_*} environment, the assistant
 * key by Secret reference, labels to find the room's Jobs and annotations with the full
 * room URL and event. The Job's name is derived from the launch key, so every replica
 * creates the same Job for the same launch.
 */
final class AssistantJobTemplate {

	private final KubernetesLauncherProperties properties;

	private final KubernetesSerialization serialization;

	private final String prefix;

	private final Job template;

	AssistantJobTemplate(KubernetesLauncherProperties properties, KubernetesSerialization serialization) {
		this(properties, serialization, "whereby.launcher.kubernetes");
	}

	/**
	 * Creates the template of an assistant's Jobs.
	 * @param properties the assistant's settings
	 * @param serialization reads the template file and copies the template
	 * @param prefix the property prefix of the settings, for messages
	 */
	AssistantJobTemplate(KubernetesLauncherProperties properties, KubernetesSerialization serialization,
			String prefix) {
		this.properties = properties;
		this.serialization = serialization;
		this.prefix = prefix;
		this.template = applyProperties(loadTemplate(properties, serialization));
	}

	private static Job loadTemplate(KubernetesLauncherProperties properties, KubernetesSerialization serialization) {
		if (properties.getJobTemplateFile() == null) {
			return new Job();
		}
		try (InputStream input = Files.newInputStream(properties.getJobTemplateFile())) {
			Object loaded = serialization.unmarshal(input);
			if (loaded instanceof Job job) {
				return job;
			}
			if (loaded instanceof Pod pod) {
				Job job = new Job();
				job.setSpec(new JobSpec());
				job.getSpec().setTemplate(new PodTemplateSpec(pod.getMetadata(), pod.getSpec()));
				return job;
			}
			throw new IllegalStateException(
					properties.getJobTemplateFile() + " holds neither a batch/v1 Job nor a v1 Pod");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the Job template " + properties.getJobTemplateFile(), ex);
		}
	}

	/**
	 * The template with the properties applied: what every Job of this assistant has in
	 * common.
	 */
	private Job applyProperties(Job job) {
		if (job.getMetadata() == null) {
			job.setMetadata(new ObjectMeta());
		}
		if (job.getSpec() == null) {
			job.setSpec(new JobSpec());
		}
		JobSpec spec = job.getSpec();
		if (spec.getTemplate() == null) {
			spec.setTemplate(new PodTemplateSpec());
		}
		if (spec.getTemplate().getMetadata() == null) {
			spec.getTemplate().setMetadata(new ObjectMeta());
		}
		if (spec.getTemplate().getSpec() == null) {
			spec.getTemplate().setSpec(new PodSpec());
		}
		PodSpec pod = spec.getTemplate().getSpec();
		Container container = assistantContainer(pod);
		KubernetesLauncherProperties p = this.properties;
		if (p.getImage() != null) {
			container.setImage(p.getImage());
		}
		if (p.getImagePullPolicy() != null) {
			container.setImagePullPolicy(p.getImagePullPolicy());
		}
		if (!p.getCommand().isEmpty()) {
			container.setCommand(new ArrayList<>(p.getCommand()));
		}
		if (!p.getArgs().isEmpty()) {
			container.setArgs(new ArrayList<>(p.getArgs()));
		}
		p.getEnv()
			.forEach((name, value) -> setEnv(container, new EnvVarBuilder().withName(name).withValue(value).build()));
		applyResources(container);
		if (pod.getRestartPolicy() == null) {
			pod.setRestartPolicy("Never");
		}
		if (p.getServiceAccountName() != null) {
			pod.setServiceAccountName(p.getServiceAccountName());
		}
		if (!p.getNodeSelector().isEmpty()) {
			Map<String, String> selector = new LinkedHashMap<>(nullToEmpty(pod.getNodeSelector()));
			selector.putAll(p.getNodeSelector());
			pod.setNodeSelector(selector);
		}
		for (KubernetesLauncherProperties.Toleration toleration : p.getTolerations()) {
			pod.getTolerations()
				.add(new TolerationBuilder().withKey(toleration.getKey())
					.withOperator(toleration.getOperator())
					.withValue(toleration.getValue())
					.withEffect(toleration.getEffect())
					.withTolerationSeconds(toleration.getTolerationSeconds())
					.build());
		}
		spec.setBackoffLimit(firstNonNull(p.getBackoffLimit(), spec.getBackoffLimit(), 0));
		spec.setActiveDeadlineSeconds(
				firstNonNull(p.getActiveDeadlineSeconds(), spec.getActiveDeadlineSeconds(), 14400L));
		spec.setTtlSecondsAfterFinished(
				firstNonNull(p.getTtlSecondsAfterFinished(), spec.getTtlSecondsAfterFinished(), 600));
		if (container.getImage() == null || container.getImage().isBlank()) {
			throw new IllegalStateException("The assistant's container has no image: set " + this.prefix + ".image "
					+ "(or the image of the template's container '" + p.getContainerName() + "')");
		}
		return job;
	}

	private Container assistantContainer(PodSpec pod) {
		for (Container container : pod.getContainers()) {
			if (this.properties.getContainerName().equals(container.getName())) {
				return container;
			}
		}
		if (!pod.getContainers().isEmpty()) {
			return pod.getContainers().get(0);
		}
		Container container = new Container();
		container.setName(this.properties.getContainerName());
		pod.getContainers().add(container);
		return container;
	}

	private void applyResources(Container container) {
		KubernetesLauncherProperties.Resources resources = this.properties.getResources();
		if (resources.getRequests().isEmpty() && resources.getLimits().isEmpty()) {
			return;
		}
		ResourceRequirements requirements = (container.getResources() != null) ? container.getResources()
				: new ResourceRequirements();
		Map<String, Quantity> requests = new LinkedHashMap<>(nullToEmpty(requirements.getRequests()));
		resources.getRequests().forEach((name, amount) -> requests.put(name, new Quantity(amount)));
		Map<String, Quantity> limits = new LinkedHashMap<>(nullToEmpty(requirements.getLimits()));
		resources.getLimits().forEach((name, amount) -> limits.put(name, new Quantity(amount)));
		requirements.setRequests(requests);
		requirements.setLimits(limits);
		container.setResources(requirements);
	}

	/**
	 * The Job of one launch.
	 */
	Job jobFor(LaunchRequest request, String namespace, String webhookJson) {
		Job job = this.serialization.clone(this.template);
		ObjectMeta metadata = job.getMetadata();
		metadata.setName(
				JobNaming.jobName(request.launchKey(), request.assistant(), request.subdomain(), request.roomName()));
		metadata.setNamespace(namespace);
		Map<String, String> labels = JobNaming.labels(request.assistant(), request.subdomain(), request.roomName());
		metadata.setLabels(merged(metadata.getLabels(), labels));
		Map<String, String> annotations = new LinkedHashMap<>(nullToEmpty(metadata.getAnnotations()));
		annotations.put(JobNaming.ROOM_URL_ANNOTATION, request.roomUrl());
		annotations.put(JobNaming.ROOM_NAME_ANNOTATION, request.roomName());
		annotations.put(JobNaming.SUBDOMAIN_ANNOTATION, request.subdomain());
		annotations.put(JobNaming.EVENT_ID_ANNOTATION, request.webhook().id());
		annotations.put(JobNaming.LAUNCH_KEY_ANNOTATION, request.launchKey());
		annotations.put(JobNaming.TRIGGERS_ANNOTATION, String.join(",", request.triggers()));
		metadata.setAnnotations(annotations);
		PodTemplateSpec pod = job.getSpec().getTemplate();
		pod.getMetadata().setLabels(merged(pod.getMetadata().getLabels(), labels));
		Container container = assistantContainer(pod.getSpec());
		setEnv(container, env("WHEREBY_ROOM_URL", request.roomUrl()));
		setEnv(container, env("WHEREBY_WEBHOOK", webhookJson));
		setEnv(container, env("WHEREBY_TRIGGER", String.join(",", request.triggers())));
		setEnv(container, env("WHEREBY_ASSISTANT", request.assistant()));
		setEnv(container, env("WHEREBY_LAUNCH_KEY", request.launchKey()));
		KubernetesLauncherProperties.SecretKeyReference secret = this.properties.getAssistantKeySecret();
		if (secret.getName() != null && secret.getKey() != null) {
			setEnv(container,
					new EnvVarBuilder().withName("ASSISTANT_KEY")
						.withNewValueFrom()
						.withNewSecretKeyRef(secret.getKey(), secret.getName(), false)
						.endValueFrom()
						.build());
		}
		return job;
	}

	private static EnvVar env(String name, String value) {
		return new EnvVarBuilder().withName(name).withValue(value).build();
	}

	private static void setEnv(Container container, EnvVar variable) {
		List<EnvVar> env = new ArrayList<>(container.getEnv());
		env.removeIf((existing) -> existing.getName().equals(variable.getName()));
		env.add(variable);
		container.setEnv(env);
	}

	private static Map<String, String> merged(@Nullable Map<String, String> existing, Map<String, String> added) {
		Map<String, String> merged = new LinkedHashMap<>(nullToEmpty(existing));
		merged.putAll(added);
		return merged;
	}

	private static <K, V> Map<K, V> nullToEmpty(@Nullable Map<K, V> map) {
		return (map != null) ? map : Map.of();
	}

	@SafeVarargs
	private static <T> T firstNonNull(@Nullable T... values) {
		for (T value : values) {
			if (value != null) {
				return value;
			}
		}
		throw new IllegalArgumentException("no value");
	}

}

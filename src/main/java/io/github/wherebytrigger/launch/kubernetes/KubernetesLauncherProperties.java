package io.github.wherebytrigger.launch.kubernetes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Kubernetes launcher: where Jobs are created and what they run, given as
 * properties, as a Job or Pod template file, or both (properties win). The same settings
 * apply under {@code whereby.assistants.<name>.kubernetes} for a named assistant.
 */
@ConfigurationProperties("whereby.launcher.kubernetes")
public class KubernetesLauncherProperties {

	/**
	 * Namespace the Jobs are created in; the client's namespace (the pod's own, in a
	 * cluster) when unset.
	 */
	private @Nullable String namespace;

	/**
	 * A YAML file holding a batch/v1 Job or a v1 Pod used as the template of every Job;
	 * the properties below are applied on top of it.
	 */
	private @Nullable Path jobTemplateFile;

	/**
	 * Name of the assistant's container in the template; the first container when the
	 * template has no container of that name.
	 */
	@NotBlank
	private String containerName = "assistant";

	/**
	 * Image of the assistant, for example ghcr.io/acme/notetaker:1.4.0. Required unless
	 * the template has one.
	 */
	private @Nullable String image;

	/**
	 * Image pull policy of the assistant's container.
	 */
	private @Nullable String imagePullPolicy;

	/**
	 * Entrypoint of the assistant's container; the image's when empty.
	 */
	private List<String> command = new ArrayList<>();

	/**
	 * Arguments of the assistant's container, for example [node, assistant.js].
	 */
	private List<String> args = new ArrayList<>();

	/**
	 * Extra environment variables of the assistant's container. The service adds
	 * WHEREBY_ROOM_URL, WHEREBY_WEBHOOK, WHEREBY_TRIGGER, WHEREBY_ASSISTANT,
	 * WHEREBY_LAUNCH_KEY and ASSISTANT_KEY (from the secret below).
	 */
	private Map<String, String> env = new LinkedHashMap<>();

	/**
	 * Resource requests and limits of the assistant's container.
	 */
	@Valid
	private final Resources resources = new Resources();

	/**
	 * Service account the assistant's pod runs as.
	 */
	private @Nullable String serviceAccountName;

	/**
	 * Node selector of the assistant's pod.
	 */
	private Map<String, String> nodeSelector = new LinkedHashMap<>();

	/**
	 * Tolerations of the assistant's pod.
	 */
	private List<@Valid Toleration> tolerations = new ArrayList<>();

	/**
	 * Retries of a failed assistant pod; 0 (the template's value if it has one) when
	 * unset.
	 */
	@Min(0)
	private @Nullable Integer backoffLimit;

	/**
	 * Longest an assistant may run, in seconds; 14400 (4 hours, or the template's value)
	 * when unset.
	 */
	@Min(1)
	private @Nullable Long activeDeadlineSeconds;

	/**
	 * How long a finished Job is kept, in seconds; 600 (or the template's value) when
	 * unset.
	 */
	@Min(0)
	private @Nullable Integer ttlSecondsAfterFinished;

	/**
	 * The Secret holding the assistant key from Whereby's dashboard, given to the
	 * assistant as the environment variable ASSISTANT_KEY by reference, never as a value.
	 */
	@Valid
	private final SecretKeyReference assistantKeySecret = new SecretKeyReference();

	public @Nullable String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(@Nullable String namespace) {
		this.namespace = namespace;
	}

	public @Nullable Path getJobTemplateFile() {
		return this.jobTemplateFile;
	}

	public void setJobTemplateFile(@Nullable Path jobTemplateFile) {
		this.jobTemplateFile = jobTemplateFile;
	}

	public String getContainerName() {
		return this.containerName;
	}

	public void setContainerName(String containerName) {
		this.containerName = containerName;
	}

	public @Nullable String getImage() {
		return this.image;
	}

	public void setImage(@Nullable String image) {
		this.image = image;
	}

	public @Nullable String getImagePullPolicy() {
		return this.imagePullPolicy;
	}

	public void setImagePullPolicy(@Nullable String imagePullPolicy) {
		this.imagePullPolicy = imagePullPolicy;
	}

	public List<String> getCommand() {
		return this.command;
	}

	public void setCommand(List<String> command) {
		this.command = command;
	}

	public List<String> getArgs() {
		return this.args;
	}

	public void setArgs(List<String> args) {
		this.args = args;
	}

	public Map<String, String> getEnv() {
		return this.env;
	}

	public void setEnv(Map<String, String> env) {
		this.env = env;
	}

	public Resources getResources() {
		return this.resources;
	}

	public @Nullable String getServiceAccountName() {
		return this.serviceAccountName;
	}

	public void setServiceAccountName(@Nullable String serviceAccountName) {
		this.serviceAccountName = serviceAccountName;
	}

	public Map<String, String> getNodeSelector() {
		return this.nodeSelector;
	}

	public void setNodeSelector(Map<String, String> nodeSelector) {
		this.nodeSelector = nodeSelector;
	}

	public List<Toleration> getTolerations() {
		return this.tolerations;
	}

	public void setTolerations(List<Toleration> tolerations) {
		this.tolerations = tolerations;
	}

	public @Nullable Integer getBackoffLimit() {
		return this.backoffLimit;
	}

	public void setBackoffLimit(@Nullable Integer backoffLimit) {
		this.backoffLimit = backoffLimit;
	}

	public @Nullable Long getActiveDeadlineSeconds() {
		return this.activeDeadlineSeconds;
	}

	public void setActiveDeadlineSeconds(@Nullable Long activeDeadlineSeconds) {
		this.activeDeadlineSeconds = activeDeadlineSeconds;
	}

	public @Nullable Integer getTtlSecondsAfterFinished() {
		return this.ttlSecondsAfterFinished;
	}

	public void setTtlSecondsAfterFinished(@Nullable Integer ttlSecondsAfterFinished) {
		this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
	}

	public SecretKeyReference getAssistantKeySecret() {
		return this.assistantKeySecret;
	}

	/**
	 * Resource requests and limits, as Kubernetes quantities.
	 */
	public static class Resources {

		/**
		 * Requests, for example cpu: 250m, memory: 256Mi.
		 */
		private Map<String, String> requests = new LinkedHashMap<>();

		/**
		 * Limits, for example memory: 512Mi.
		 */
		private Map<String, String> limits = new LinkedHashMap<>();

		public Map<String, String> getRequests() {
			return this.requests;
		}

		public void setRequests(Map<String, String> requests) {
			this.requests = requests;
		}

		public Map<String, String> getLimits() {
			return this.limits;
		}

		public void setLimits(Map<String, String> limits) {
			this.limits = limits;
		}

	}

	/**
	 * A pod toleration.
	 */
	public static class Toleration {

		/**
		 * Taint key the toleration applies to; all keys when empty.
		 */
		private @Nullable String key;

		/**
		 * Exists or Equal.
		 */
		private @Nullable String operator;

		/**
		 * Taint value, for the Equal operator.
		 */
		private @Nullable String value;

		/**
		 * NoSchedule, PreferNoSchedule or NoExecute; all effects when empty.
		 */
		private @Nullable String effect;

		/**
		 * For NoExecute, how long the pod stays bound to a tainted node.
		 */
		private @Nullable Long tolerationSeconds;

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public @Nullable String getOperator() {
			return this.operator;
		}

		public void setOperator(@Nullable String operator) {
			this.operator = operator;
		}

		public @Nullable String getValue() {
			return this.value;
		}

		public void setValue(@Nullable String value) {
			this.value = value;
		}

		public @Nullable String getEffect() {
			return this.effect;
		}

		public void setEffect(@Nullable String effect) {
			this.effect = effect;
		}

		public @Nullable Long getTolerationSeconds() {
			return this.tolerationSeconds;
		}

		public void setTolerationSeconds(@Nullable Long tolerationSeconds) {
			this.tolerationSeconds = tolerationSeconds;
		}

	}

	/**
	 * A key of a Secret in the Jobs' namespace.
	 */
	public static class SecretKeyReference {

		/**
		 * Name of the Secret.
		 */
		private @Nullable String name;

		/**
		 * Key in the Secret.
		 */
		private @Nullable String key;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

	}

}

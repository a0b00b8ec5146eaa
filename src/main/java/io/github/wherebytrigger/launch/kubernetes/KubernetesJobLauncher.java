package io.github.wherebytrigger.launch.kubernetes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;

import io.github.wherebytrigger.system.LogText;
import io.github.wherebytrigger.launch.AssistantLauncher;
import io.github.wherebytrigger.launch.LaunchRejectedException;
import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.launch.RunningAssistant;
import io.github.wherebytrigger.launch.StopRequest;

/**
 * Runs each assistant as a {@code batch/v1} Job. The Job's name comes from the launch
 * key, so replicas handling the same event create one Job: a 409 means it runs already,
 * or, when that Job has finished, that it is replaced. Stopping deletes the room's Jobs
 * by label, in the background, except those of another room session than the stop's; at
 * start-up the active Jobs are recovered.
 */
class KubernetesJobLauncher implements AssistantLauncher {

	private static final Log logger = LogFactory.getLog(KubernetesJobLauncher.class);

	private final String assistant;

	private final KubernetesClient client;

	private final String namespace;

	private final AssistantJobTemplate template;

	private final JsonMapper jsonMapper;

	KubernetesJobLauncher(String assistant, KubernetesClient client, String namespace, AssistantJobTemplate template,
			JsonMapper jsonMapper) {
		this.assistant = assistant;
		this.client = client;
		this.namespace = namespace;
		this.template = template;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void launch(LaunchRequest request) throws LaunchRejectedException {
		Job job = this.template.jobFor(request, this.namespace, this.jsonMapper.writeValueAsString(request.webhook()));
		String name = job.getMetadata().getName();
		try {
			jobs().resource(job).create();
			logger.info("Created Job " + this.namespace + "/" + name + " for " + LogText.escape(request.roomUrl()));
		}
		catch (KubernetesClientException ex) {
			if (isConfigurationError(ex.getCode())) {
				// No redelivery can fix these: answered launch-rejected, not 503.
				throw new LaunchRejectedException("The Kubernetes API answered " + ex.getCode()
						+ " to the creation of Job " + this.namespace + "/" + name + " ("
						+ ((ex.getCode() == 403)
								? "the service account may not create Jobs in that namespace: check the Role"
								: "check the Job template and whereby.launcher.kubernetes settings")
						+ ")");
			}
			if (ex.getCode() != 409) {
				throw ex;
			}
			Job existing = jobs().withName(name).get();
			if (existing != null && !finished(existing)) {
				logger.debug("Job " + name + " already runs for " + LogText.escape(request.launchKey()));
				return;
			}
			// The same launch ran before and finished: replace the finished Job.
			jobs().withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
			jobs().resource(job).create();
			logger.info("Replaced finished Job " + this.namespace + "/" + name + " for "
					+ LogText.escape(request.roomUrl()));
		}
	}

	/**
	 * Whether the API server refused the Job for a reason that stays until someone
	 * changes the configuration: a malformed or invalid Job (400, 422), a missing
	 * permission (403) or namespace (404). An expired token (401), throttling (429) and
	 * server errors may pass.
	 */
	static boolean isConfigurationError(int code) {
		return code == 400 || code == 403 || code == 404 || code == 422;
	}

	@Override
	public void stop(StopRequest request) {
		Map<String, String> selector = JobNaming.roomSelector(request.assistant(), request.subdomain(),
				request.roomName());
		// One delete per Job by name, not a delete of the labelled collection: that needs
		// the 'deletecollection' verb, which the least-privilege Role does not grant.
		String session = request.webhook().data().roomSessionId();
		for (Job job : jobs().withLabels(selector).list().getItems()) {
			String jobSession = sessionOf(job);
			if (session != null && jobSession != null && !jobSession.equals(session)) {
				// Another session's assistant: a late stop of an older meeting must not
				// end it.
				continue;
			}
			jobs().withName(job.getMetadata().getName()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
			logger.info("Deleted Job " + this.namespace + "/" + job.getMetadata().getName() + " of "
					+ LogText.escape(request.roomUrl()));
		}
	}

	private static @Nullable String sessionOf(Job job) {
		Map<String, String> annotations = job.getMetadata().getAnnotations();
		String launchKey = (annotations != null) ? annotations.get(JobNaming.LAUNCH_KEY_ANNOTATION) : null;
		return (launchKey != null) ? RunningAssistant.roomSessionIdOf(launchKey) : null;
	}

	@Override
	public boolean isRunning(RunningAssistant assistant) {
		Job job = jobs().withName(jobName(assistant)).get();
		return job != null && !finished(job);
	}

	@Override
	public List<RunningAssistant> recover() {
		JobList list = jobs().withLabel(JobNaming.MANAGED_BY, JobNaming.MANAGER)
			.withLabel(JobNaming.ASSISTANT_LABEL, this.assistant)
			.list();
		List<RunningAssistant> running = new ArrayList<>();
		for (Job job : list.getItems()) {
			RunningAssistant recovered = recovered(job);
			if (recovered != null && !finished(job)) {
				running.add(recovered);
			}
		}
		return running;
	}

	private @Nullable RunningAssistant recovered(Job job) {
		Map<String, String> annotations = job.getMetadata().getAnnotations();
		if (annotations == null) {
			return null;
		}
		String subdomain = annotations.get(JobNaming.SUBDOMAIN_ANNOTATION);
		String roomName = annotations.get(JobNaming.ROOM_NAME_ANNOTATION);
		String roomUrl = annotations.get(JobNaming.ROOM_URL_ANNOTATION);
		String launchKey = annotations.get(JobNaming.LAUNCH_KEY_ANNOTATION);
		if (subdomain == null || roomName == null || roomUrl == null || launchKey == null) {
			return null;
		}
		String created = job.getMetadata().getCreationTimestamp();
		Instant since = (created != null) ? Instant.parse(created) : Instant.EPOCH;
		return new RunningAssistant(this.assistant, subdomain, roomName, roomUrl, launchKey, since);
	}

	@Override
	public String state(RunningAssistant assistant) {
		Job job = jobs().withName(jobName(assistant)).get();
		if (job == null) {
			return "missing";
		}
		JobStatus status = job.getStatus();
		if (hasCondition(job, "Complete")) {
			return "succeeded";
		}
		if (hasCondition(job, "Failed")) {
			return "failed";
		}
		return (status != null && status.getActive() != null && status.getActive() > 0) ? "active" : "pending";
	}

	/**
	 * Up when Jobs can be listed in the namespace; details name the namespace, never
	 * credentials.
	 */
	@Override
	public Health health() {
		try {
			jobs().list(new ListOptionsBuilder().withLimit(1L).build());
			return Health.up().withDetail("namespace", this.namespace).build();
		}
		catch (KubernetesClientException ex) {
			return Health.down()
				.withDetail("namespace", this.namespace)
				.withDetail("error", (ex.getCode() > 0) ? "HTTP " + ex.getCode() : ex.getClass().getSimpleName())
				.build();
		}
	}

	private String jobName(RunningAssistant assistant) {
		return JobNaming.jobName(assistant.launchKey(), assistant.assistant(), assistant.subdomain(),
				assistant.roomName());
	}

	private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs() {
		return this.client.batch().v1().jobs().inNamespace(this.namespace);
	}

	static boolean finished(Job job) {
		return hasCondition(job, "Complete") || hasCondition(job, "Failed");
	}

	private static boolean hasCondition(Job job, String type) {
		JobStatus status = job.getStatus();
		if (status == null || status.getConditions() == null) {
			return false;
		}
		for (JobCondition condition : status.getConditions()) {
			if (type.equals(condition.getType()) && "True".equals(condition.getStatus())) {
				return true;
			}
		}
		return false;
	}

}

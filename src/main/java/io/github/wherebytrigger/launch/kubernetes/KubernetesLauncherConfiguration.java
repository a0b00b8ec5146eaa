package io.github.wherebytrigger.launch.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import io.github.wherebytrigger.launch.AssistantLauncher;
import io.github.wherebytrigger.launch.LaunchConfiguration;
import io.github.wherebytrigger.launch.LauncherContext;
import io.github.wherebytrigger.launch.LauncherFactory;

/**
 * Contributes launcher type {@code kubernetes}. The client is the application's
 * {@link KubernetesClient} bean if it has one, else one built from the environment (the
 * pod's service account in a cluster, the kubeconfig outside), created only when an
 * assistant uses this launcher.
 */
@AutoConfiguration(before = LaunchConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(KubernetesClient.class)
public class KubernetesLauncherConfiguration {

	@Bean
	KubernetesLauncherFactory kubernetesLauncherFactory(ObjectProvider<KubernetesClient> client,
			ObjectProvider<JsonMapper> jsonMapper) {
		return new KubernetesLauncherFactory(client, jsonMapper.getIfAvailable(JsonMapper::new));
	}

	/**
	 * Creates Kubernetes Job launchers, and the client when the application has none.
	 */
	static class KubernetesLauncherFactory implements LauncherFactory, DisposableBean {

		private static final String DEFAULT_NAMESPACE = "default";

		private final ObjectProvider<KubernetesClient> applicationClient;

		private final JsonMapper jsonMapper;

		private @Nullable KubernetesClient ownClient;

		KubernetesLauncherFactory(ObjectProvider<KubernetesClient> applicationClient, JsonMapper jsonMapper) {
			this.applicationClient = applicationClient;
			this.jsonMapper = jsonMapper;
		}

		@Override
		public String type() {
			return "kubernetes";
		}

		@Override
		public AssistantLauncher create(LauncherContext context) {
			KubernetesLauncherProperties properties = context.bind("kubernetes", KubernetesLauncherProperties.class);
			KubernetesClient client = client();
			String namespace = (properties.getNamespace() != null) ? properties.getNamespace()
					: (client.getNamespace() != null) ? client.getNamespace() : DEFAULT_NAMESPACE;
			AssistantJobTemplate template = new AssistantJobTemplate(properties, client.getKubernetesSerialization(),
					context.prefix("kubernetes"));
			return new KubernetesJobLauncher(context.assistant(), client, namespace, template, this.jsonMapper);
		}

		private synchronized KubernetesClient client() {
			KubernetesClient client = this.applicationClient.getIfAvailable();
			if (client != null) {
				return client;
			}
			if (this.ownClient == null) {
				this.ownClient = new KubernetesClientBuilder().build();
			}
			return this.ownClient;
		}

		@Override
		public synchronized void destroy() {
			if (this.ownClient != null) {
				this.ownClient.close();
			}
		}

	}

}

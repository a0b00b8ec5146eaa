package io.github.wherebytrigger.reliability;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import io.github.wherebytrigger.WherebyTriggerApplication;

/**
 * Starts an instance of the application as {@code java -jar} would with the given
 * arguments, several per test if need be (replicas, restarts), without the test classes'
 * own configurations.
 */
final class TestApplication {

	private TestApplication() {
	}

	/**
	 * Starts an instance.
	 * @param beforeRefresh what to register in the context before it starts (test doubles
	 * such as a Kubernetes client)
	 * @param args the command-line arguments
	 * @return the running application; close it to stop it
	 */
	static ConfigurableApplicationContext start(Consumer<ConfigurableApplicationContext> beforeRefresh,
			String... args) {
		return new SpringApplicationBuilder(WherebyTriggerApplication.class).initializers((context) -> {
			context.getBeanFactory().registerSingleton("testSourcesExcluded", new TestSourcesExcluded());
			beforeRefresh.accept(context);
		}).registerShutdownHook(false).run(args);
	}

	/**
	 * Starts an instance.
	 * @param args the command-line arguments
	 * @return the running application; close it to stop it
	 */
	static ConfigurableApplicationContext start(String... args) {
		return start((context) -> {
		}, args);
	}

	/**
	 * Starts an instance.
	 * @param args some command-line arguments
	 * @param more more of them
	 * @return the running application; close it to stop it
	 */
	static ConfigurableApplicationContext start(String[] args, String... more) {
		String[] all = Arrays.copyOf(args, args.length + more.length);
		System.arraycopy(more, 0, all, args.length, more.length);
		return start(all);
	}

	/**
	 * The port of a running instance.
	 */
	static int port(ConfigurableApplicationContext application) {
		return application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/**
	 * Keeps the application's component scan out of the test classes: their
	 * configurations (recording launchers, test triggers) are not part of the
	 * application.
	 */
	static final class TestSourcesExcluded extends TypeExcludeFilter {

		private static final String TEST_CLASSES = TestApplication.class.getProtectionDomain()
			.getCodeSource()
			.getLocation()
			.toString();

		@Override
		public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
			return reader.getResource().getURL().toString().startsWith(TEST_CLASSES);
		}

	}

}

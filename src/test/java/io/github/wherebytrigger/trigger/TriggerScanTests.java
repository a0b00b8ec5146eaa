package io.github.wherebytrigger.trigger;

import com.example.app.ExampleApplicationPackage;
import com.example.app.triggers.GuestJoined;
import com.example.app.triggers.HostJoinedComponent;
import com.example.extension.InvitedByExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

import io.github.wherebytrigger.launch.LaunchConfiguration;
import io.github.wherebytrigger.launch.log.LoggingLauncherConfiguration;
import io.github.wherebytrigger.state.StateConfiguration;
import io.github.wherebytrigger.system.SystemConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for finding {@link WherebyTrigger @WherebyTrigger} classes that are no bean yet:
 * in the application's own packages and in {@code whereby.triggers.packages}.
 */
class TriggerScanTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SystemConfiguration.class, LoggingLauncherConfiguration.class,
				StateConfiguration.class, LaunchConfiguration.class, TriggerConfiguration.class))
		.withUserConfiguration(MeterRegistryConfiguration.class);

	@Test
	void triggerClassesInTheApplicationPackagesAreFoundWithoutComponent() {
		this.contextRunner.withUserConfiguration(ExampleApplicationPackage.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(GuestJoined.class).hasSingleBean(HostJoinedComponent.class);
			assertThat(context.getBean(TriggerRegistry.class).all()).extracting(Trigger::name)
				.containsExactlyInAnyOrder("guestJoined", "host-joined");
		});
	}

	@Test
	void triggerClassTheApplicationScanFoundIsOneTrigger() {
		this.contextRunner.withUserConfiguration(ExampleApplicationPackage.class, ComponentScanOfTriggers.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(HostJoinedComponent.class).hasSingleBean(GuestJoined.class);
				assertThat(context.getBean(TriggerRegistry.class).all()).hasSize(2);
			});
	}

	@Test
	void triggerClassesOfConfiguredPackagesAreFound() {
		this.contextRunner.withPropertyValues("whereby.triggers.packages=" + InvitedByExtension.class.getPackageName())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TriggerRegistry.class).all()).extracting(Trigger::name)
					.containsExactly("invited-by-extension");
			});
	}

	@Test
	void withoutApplicationPackagesOrConfiguredOnesNothingIsScanned() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TriggerRegistry.class).all()).isEmpty();
		});
	}

	@Test
	void packageThatIsNoJavaNameStopsStartUp() {
		this.contextRunner.withPropertyValues("whereby.triggers.packages=com.example..triggers").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("'com.example..triggers' is not a Java package name");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ComponentScan(basePackageClasses = HostJoinedComponent.class)
	static class ComponentScanOfTriggers {

	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}

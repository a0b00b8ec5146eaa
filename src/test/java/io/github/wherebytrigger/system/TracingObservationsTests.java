package io.github.wherebytrigger.system;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TracingObservations}.
 */
class TracingObservationsTests {

	private final ObservationRegistry registry = ObservationRegistry.create();

	@Test
	void withoutAnyHandlerNothingIsObserved() {
		assertThat(registryWith()).isSameAs(ObservationRegistry.NOOP);
	}

	@Test
	void withOnlyAMeterHandlerNothingIsObserved() {
		assertThat(registryWith(new DefaultMeterObservationHandler(new SimpleMeterRegistry())))
			.isSameAs(ObservationRegistry.NOOP);
	}

	@Test
	void withAnotherHandlerTheApplicationsRegistryIsUsed() {
		assertThat(registryWith(new DefaultMeterObservationHandler(new SimpleMeterRegistry()), new SpanHandler()))
			.isSameAs(this.registry);
	}

	@Test
	void withAHandlerButNoRegistryNothingIsObserved() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("tracing", new SpanHandler());
		assertThat(TracingObservations.registry(beans.getBeanProvider(ObservationRegistry.class), handlers(beans)))
			.isSameAs(ObservationRegistry.NOOP);
	}

	private ObservationRegistry registryWith(ObservationHandler<?>... handlers) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("observationRegistry", this.registry);
		for (int i = 0; i < handlers.length; i++) {
			beans.registerSingleton("handler" + i, handlers[i]);
		}
		return TracingObservations.registry(beans.getBeanProvider(ObservationRegistry.class), handlers(beans));
	}

	private static ObjectProvider<ObservationHandler<?>> handlers(DefaultListableBeanFactory beans) {
		// As the configurations inject it: ObjectProvider<ObservationHandler<?>>.
		return beans.getBeanProvider(ResolvableType.forClass(ObservationHandler.class));
	}

	/**
	 * Stands for a tracing bridge's handler.
	 */
	static class SpanHandler implements ObservationHandler<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}

package io.github.wherebytrigger.system;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The registry the service's own observations (webhook handling, launcher calls) go to.
 * They exist for tracing: the service times them with its own meters. So they are made
 * only when the application has an {@link ObservationHandler} bean other than a meter
 * handler, such as the handlers Spring Boot's tracing auto-configuration registers with a
 * tracing bridge, or one of the user's. Without one, an observation per webhook only cost
 * CPU: about a tenth of a webhook's handling, measured with the benchmark.
 */
public final class TracingObservations {

	private TracingObservations() {
	}

	/**
	 * The registry to observe the service's work with.
	 * @param registry the application's registry, if any
	 * @param handlers the application's observation handler beans
	 * @return the application's registry when a handler other than a meter handler is
	 * registered, else {@link ObservationRegistry#NOOP}
	 */
	public static ObservationRegistry registry(ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<ObservationHandler<?>> handlers) {
		boolean tracing = handlers.stream().anyMatch((handler) -> !(handler instanceof MeterObservationHandler));
		return tracing ? registry.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP;
	}

}

package io.github.wherebytrigger.trigger;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the triggers as up once discovery is done, with how many there are per event
 * type. Part of the readiness group: no webhook should arrive before the triggers are
 * known.
 */
final class TriggersHealthIndicator extends AbstractHealthIndicator {

	private final TriggerRegistry registry;

	TriggersHealthIndicator(TriggerRegistry registry) {
		super("Trigger health check failed");
		this.registry = registry;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (!this.registry.isDiscovered()) {
			builder.outOfService().withDetail("reason", "trigger discovery has not finished");
			return;
		}
		builder.up().withDetail("triggers", this.registry.counts());
	}

}

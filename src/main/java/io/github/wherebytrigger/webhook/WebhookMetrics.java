package io.github.wherebytrigger.webhook;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The {@code whereby.webhooks} timer: every request to the webhook endpoint, by event
 * type and outcome (an accepted outcome, or why it was refused); refusals are also
 * logged, rate-limited.
 */
class WebhookMetrics {

	static final String WEBHOOKS = "whereby.webhooks";

	/**
	 * Type tag of requests refused before their type was known.
	 */
	static final String UNKNOWN_TYPE = "unknown";

	/**
	 * Type tag of event types this service does not act on, so that new types cannot grow
	 * the number of time series.
	 */
	static final String OTHER_TYPE = "other";

	private final MeterRegistry registry;

	private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

	private final RefusalLog refusals = new RefusalLog();

	WebhookMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void record(String type, String outcome, long startNanos) {
		this.timers.computeIfAbsent(new Key(type, outcome), this::timer)
			.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Records a refused request and logs why (see {@link RefusalLog}).
	 * @param type the type tag
	 * @param outcome why it was refused, as a tag
	 * @param reason why it was refused, in words, without secrets
	 * @param startNanos when it arrived
	 */
	void refused(String type, String outcome, String reason, long startNanos) {
		record(type, outcome, startNanos);
		this.refusals.refused(outcome, reason, startNanos);
	}

	private Timer timer(Key key) {
		return Timer.builder(WEBHOOKS)
			.description("Webhook requests handled, by event type and outcome")
			.tag("type", key.type())
			.tag("outcome", key.outcome())
			.register(this.registry);
	}

	private record Key(String type, String outcome) {

	}

}

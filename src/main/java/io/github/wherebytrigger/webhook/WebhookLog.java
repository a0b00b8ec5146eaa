package io.github.wherebytrigger.webhook;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import io.github.wherebytrigger.system.HandlingContext;
import io.github.wherebytrigger.system.LogText;

/**
 * What the endpoint logs of a handled webhook: its event id, type and room in the logging
 * context while it is handled, and one INFO line when it is done (refusals:
 * {@link RefusalLog}). Logged under {@link WebhookEndpoint}'s category, as always.
 */
final class WebhookLog {

	private static final Log logger = LogFactory.getLog(WebhookEndpoint.class);

	private WebhookLog() {
	}

	/**
	 * Puts the event id, type and room in the logging context, for every line logged
	 * while handling the webhook, on this thread and the threads it hands work to.
	 */
	static void putContext(ParsedWebhook parsed) {
		MDC.put(HandlingContext.EVENT_ID, LogText.escape(parsed.id()));
		MDC.put(HandlingContext.EVENT_TYPE, LogText.escape(parsed.type()));
		if (parsed instanceof ParsedWebhook.Handled handled) {
			MDC.put(HandlingContext.ROOM,
					LogText.escape(handled.webhook().data().subdomain() + handled.webhook().data().roomName()));
		}
	}

	static void clearContext() {
		MDC.remove(HandlingContext.EVENT_ID);
		MDC.remove(HandlingContext.EVENT_TYPE);
		MDC.remove(HandlingContext.ROOM);
	}

	/**
	 * One line per handled request, at INFO.
	 */
	static void handled(String outcome, WebhookResult result, long arrivalNanos) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		long micros = (System.nanoTime() - arrivalNanos) / 1000;
		// Milliseconds with three decimals, without String.format: this runs for every
		// request.
		long fraction = micros % 1000;
		String duration = (micros / 1000) + ((fraction < 10) ? ".00" : (fraction < 100) ? ".0" : ".") + fraction
				+ " ms";
		logger.info("Webhook " + LogText.escape(result.id()) + " " + LogText.escape(result.type()) + " " + outcome
				+ ", triggers " + result.triggers() + ", in " + duration);
	}

}

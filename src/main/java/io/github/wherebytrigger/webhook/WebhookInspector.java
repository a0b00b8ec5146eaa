package io.github.wherebytrigger.webhook;

import org.jspecify.annotations.Nullable;

/**
 * Reads a webhook body the way the endpoint would, without handling it or recording
 * anything: for dry runs.
 */
public final class WebhookInspector {

	private final WebhookParser parser;

	private final WebhookDeduplicator deduplicator;

	WebhookInspector(WebhookParser parser, WebhookDeduplicator deduplicator) {
		this.parser = parser;
		this.deduplicator = deduplicator;
	}

	/**
	 * Parses a body and tells whether its event id was handled already.
	 * @param body the webhook body
	 * @return what the endpoint would make of it
	 * @throws IllegalArgumentException if the endpoint would refuse it (400), with the
	 * same message
	 */
	public Inspection inspect(byte[] body) {
		ParsedWebhook parsed;
		try {
			parsed = this.parser.parse(body);
		}
		catch (InvalidWebhookException ex) {
			throw new IllegalArgumentException(ex.getMessage());
		}
		WherebyWebhook webhook = (parsed instanceof ParsedWebhook.Handled handled) ? handled.webhook() : null;
		return new Inspection(parsed.id(), parsed.type(), webhook, this.deduplicator.wasHandled(parsed.id()));
	}

	/**
	 * What the endpoint would make of a body.
	 *
	 * @param id the event id
	 * @param type the event type
	 * @param webhook the parsed webhook, {@code null} for a type this service ignores
	 * @param duplicate whether the event id was handled already
	 */
	public record Inspection(String id, String type, @Nullable WherebyWebhook webhook, boolean duplicate) {

	}

}

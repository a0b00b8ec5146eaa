package io.github.wherebytrigger.webhook;

/**
 * What the parser made of a request body: a webhook this service acts on, or one of a
 * type it acknowledges and ignores.
 */
sealed interface ParsedWebhook {

	String id();

	String type();

	record Handled(WherebyWebhook webhook) implements ParsedWebhook {

		@Override
		public String id() {
			return this.webhook.id();
		}

		@Override
		public String type() {
			return this.webhook.type();
		}

	}

	record Ignored(String id, String type) implements ParsedWebhook {

	}

}

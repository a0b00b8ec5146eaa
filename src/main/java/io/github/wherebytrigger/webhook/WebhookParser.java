package io.github.wherebytrigger.webhook;

import java.time.Instant;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a verified request body into a typed webhook record. The envelope and the data
 * are bound in one pass; unknown properties are ignored. A body that is not a JSON
 * object, lacks {@code id}, {@code type} or {@code data}, or lacks {@code roomName} or
 * {@code subdomain} on an event this service acts on, is refused with a message naming
 * the field. Event types this service does not act on are never refused, whatever their
 * data looks like.
 */
class WebhookParser {

	private final ObjectReader wireReader;

	private final ObjectReader treeReader;

	WebhookParser() {
		// A mapper of our own: the wire format must not change with the application's
		// Jackson settings.
		JsonMapper mapper = JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build();
		this.wireReader = mapper.readerFor(WireEvent.class);
		this.treeReader = mapper.reader();
	}

	ParsedWebhook parse(byte[] body) {
		WireEvent event;
		try {
			event = this.wireReader.readValue(body);
		}
		catch (StreamReadException ex) {
			throw new InvalidWebhookException("Request body is not valid JSON" + location(ex));
		}
		catch (JacksonException ex) {
			return ignoredOrRefused(body, ex);
		}
		if (event == null) {
			throw new InvalidWebhookException("Request body must be a JSON object, not null");
		}
		String id = required(event.id(), "id");
		String type = required(event.type(), "type");
		ClientData data = event.data();
		WebhookType known = WebhookType.fromWireName(type).orElse(null);
		if (known == null) {
			return new ParsedWebhook.Ignored(id, type);
		}
		if (data == null) {
			throw missing("data");
		}
		required(data.roomName(), "data.roomName");
		required(data.subdomain(), "data.subdomain");
		return new ParsedWebhook.Handled(toRecord(known, event, id, data));
	}

	private static WherebyWebhook toRecord(WebhookType type, WireEvent event, String id, ClientData data) {
		return switch (type) {
			case ROOM_CLIENT_JOINED -> new RoomClientJoined(id, event.apiVersion(), event.createdAt(), data);
			case ROOM_CLIENT_LEFT -> new RoomClientLeft(id, event.apiVersion(), event.createdAt(), data);
			case ROOM_SESSION_STARTED ->
				new RoomSessionStarted(id, event.apiVersion(), event.createdAt(), roomData(data));
			case ROOM_SESSION_ENDED -> new RoomSessionEnded(id, event.apiVersion(), event.createdAt(), roomData(data));
			case ASSISTANT_REQUESTED ->
				new AssistantRequested(id, event.apiVersion(), event.createdAt(), roomData(data));
		};
	}

	private static RoomData roomData(ClientData data) {
		return new RoomData(data.meetingId(), data.roomName(), data.roomSessionId(), data.subdomain());
	}

	/**
	 * The one-pass binding failed on a field's type. Look at the envelope alone: an event
	 * type we do not act on may carry data of any shape and is acknowledged; for the
	 * others the binding error names the field.
	 */
	private ParsedWebhook ignoredOrRefused(byte[] body, JacksonException bindingError) {
		JsonNode tree;
		try {
			tree = this.treeReader.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidWebhookException("Request body is not valid JSON" + location(ex));
		}
		if (tree == null || !tree.isObject()) {
			throw new InvalidWebhookException("Request body must be a JSON object");
		}
		JsonNode id = tree.get("id");
		JsonNode type = tree.get("type");
		if (id != null && id.isString() && !id.asString().isBlank() && type != null && type.isString()
				&& WebhookType.fromWireName(type.asString()).isEmpty()) {
			return new ParsedWebhook.Ignored(id.asString(), type.asString());
		}
		throw new InvalidWebhookException("Field '" + path(bindingError) + "' has the wrong type");
	}

	private static String path(JacksonException ex) {
		String path = ex.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
		return path.isEmpty() ? "(root)" : path;
	}

	private static String location(JacksonException ex) {
		return (ex.getLocation() != null)
				? " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")" : "";
	}

	private static String required(@Nullable String value, String field) {
		if (value == null || value.isBlank()) {
			throw missing(field);
		}
		return value;
	}

	private static InvalidWebhookException missing(String field) {
		return new InvalidWebhookException("Required field '" + field + "' is missing or empty");
	}

	/**
	 * The envelope as sent; {@code data} is bound to the widest shape, the client data,
	 * of which room data is a subset.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record WireEvent(@Nullable String id, @Nullable String apiVersion, @Nullable Instant createdAt,
			@Nullable String type, @Nullable ClientData data) {

	}

}

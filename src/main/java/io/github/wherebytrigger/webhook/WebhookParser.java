package io.github.wherebytrigger.webhook;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Turns a verified request body into a typed webhook record. The envelope and the data
 * are bound in one pass; unknown properties are ignored. A body that is not a JSON
 * object, lacks {@code id}, {@code type} or {@code data}, or lacks {@code roomName} or
 * {@code subdomain} on an event this service acts on, is refused with a message naming
 * the field. Event types this service does not act on are never refused, whatever their
 * data looks like.
 */
class WebhookParser {

	// Room names are URL paths; subdomains DNS labels: both end up in the room URL.
	private static final Pattern ROOM_NAME = Pattern.compile("/[^\\s?#\\\\]*");

	private static final Pattern SUBDOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

	private final ObjectReader wireReader;

	private final ObjectReader treeReader;

	WebhookParser() {
		// A mapper of our own: the wire format must not change with the application's
		// Jackson settings.
		// Types are strict: a number sent as a string, a float for an integer or a number
		// for a string is refused, not guessed at.
		JsonMapper mapper = JsonMapper.builder(WireJson.factory())
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.withCoercionConfig(LogicalType.Textual,
					(textual) -> textual.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.build();
		this.wireReader = mapper.readerFor(WireEvent.class);
		this.treeReader = mapper.reader();
	}

	ParsedWebhook parse(byte[] body) {
		// Jackson reads plain ASCII (most bodies) as it is: the same characters as
		// decoded, without a copy of the body as text. Any other body is decoded
		// strictly first.
		String text = StrictUtf8.isPlainAscii(body) ? null : StrictUtf8.decode(body);
		WireEvent event;
		try {
			event = (text != null) ? this.wireReader.readValue(text) : this.wireReader.readValue(body);
		}
		catch (InputCoercionException ex) {
			// Valid JSON, but a number out of range for its field.
			return ignoredOrRefused(body, text, ex);
		}
		catch (StreamReadException ex) {
			throw new InvalidWebhookException("Request body is not valid JSON" + location(ex));
		}
		catch (JacksonException ex) {
			return ignoredOrRefused(body, text, ex);
		}
		if (event == null) {
			throw new InvalidWebhookException("Request body must be a JSON object, not null");
		}
		String id = required(event.id, "id");
		String type = required(event.type, "type");
		WebhookType known = WebhookType.fromWireName(type).orElse(null);
		if (known == null) {
			return new ParsedWebhook.Ignored(id, type);
		}
		WireData data = event.data;
		if (data == null) {
			throw missing("data");
		}
		if (!ROOM_NAME.matcher(required(data.roomName, "data.roomName")).matches()) {
			throw new InvalidWebhookException("Field 'data.roomName' must be a path starting with '/'");
		}
		if (!SUBDOMAIN.matcher(required(data.subdomain, "data.subdomain")).matches()) {
			throw new InvalidWebhookException("Field 'data.subdomain' must be a DNS label");
		}
		return new ParsedWebhook.Handled(toRecord(known, event, id, data));
	}

	private static WherebyWebhook toRecord(WebhookType type, WireEvent wire, String id, WireData data) {
		String apiVersion = wire.apiVersion;
		Instant createdAt = createdAt(wire.createdAt);
		return switch (type) {
			case ROOM_CLIENT_JOINED -> new RoomClientJoined(id, apiVersion, createdAt, data.toClientData());
			case ROOM_CLIENT_LEFT -> new RoomClientLeft(id, apiVersion, createdAt, data.toClientData());
			case ROOM_SESSION_STARTED -> new RoomSessionStarted(id, apiVersion, createdAt, data.toRoomData());
			case ROOM_SESSION_ENDED -> new RoomSessionEnded(id, apiVersion, createdAt, data.toRoomData());
			case ASSISTANT_REQUESTED -> new AssistantRequested(id, apiVersion, createdAt, data.toRoomData());
		};
	}

	/**
	 * The creation time, which must be an ISO-8601 instant: a number would be read as
	 * seconds since the epoch, which Whereby never sends.
	 */
	private static @Nullable Instant createdAt(@Nullable String createdAt) {
		if (createdAt == null) {
			return null;
		}
		Instant instant = parseUtcInstant(createdAt);
		if (instant != null) {
			return instant;
		}
		try {
			return Instant.parse(createdAt);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidWebhookException("Field 'createdAt' is not an ISO-8601 instant");
		}
	}

	/**
	 * Reads the shape Whereby sends, {@code 2026-11-20T10:47:12.345Z} (UTC, zero to nine
	 * digits of fraction), without a {@link java.time.format.DateTimeFormatter}, which
	 * was about 7% of a webhook's handling in the benchmark's profiles.
	 * @return the instant, or {@code null} when the text has another shape or is not a
	 * valid date and time (the caller then asks {@link Instant#parse}, which also decides
	 * what is refused)
	 */
	static @Nullable Instant parseUtcInstant(String text) {
		int length = text.length();
		if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
				|| text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
				|| (length > 20 && text.charAt(19) != '.')) {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 7);
		int day = digits(text, 8, 10);
		int hour = digits(text, 11, 13);
		int minute = digits(text, 14, 16);
		int second = digits(text, 17, 19);
		int nanos = 0;
		if (length > 20) {
			int fraction = digits(text, 20, length - 1);
			if (fraction < 0) {
				return null;
			}
			nanos = fraction;
			for (int i = length - 21; i < 9; i++) {
				nanos *= 10;
			}
		}
		if ((year | month | day | hour | minute | second) < 0) {
			return null;
		}
		try {
			return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeException ex) {
			// Out of range (a 13th month, a leap second): Instant.parse decides.
			return null;
		}
	}

	/**
	 * The decimal number in {@code text[from, to)}, or -1 unless it is all ASCII digits.
	 */
	private static int digits(String text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	/**
	 * The one-pass binding failed on a field's type. Look at the envelope alone: an event
	 * type we do not act on may carry data of any shape and is acknowledged; for the
	 * others the binding error names the field.
	 */
	private ParsedWebhook ignoredOrRefused(byte[] body, @Nullable String text, JacksonException bindingError) {
		JsonNode tree;
		try {
			tree = (text != null) ? this.treeReader.readTree(text) : this.treeReader.readTree(body);
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

}

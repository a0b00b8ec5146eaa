package io.github.wherebytrigger.reliability;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.github.wherebytrigger.testsupport.RawResponse;
import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;

/**
 * Generates malformed requests to the webhook endpoint from a seed: broken and truncated
 * JSON, wrong JSON types for every field of the envelope and the data, huge strings and
 * arrays below and above {@code whereby.webhook.max-body-size}, deep nesting, invalid
 * UTF-8, odd roots and empty bodies, wrong content types and methods, oversized bodies
 * with and without {@code Content-Length}, bad signatures and header injection written
 * byte by byte over a socket.
 * <p>
 * Requests whose point is the body are signed correctly, at the time they are sent, so
 * that they reach the parser. Every body that could be mistaken for a webhook would start
 * an assistant if it were accepted: a host joining, an assistant requested or a session
 * started, each in a room of its own.
 */
final class MalformedRequests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Random random;

	private final int maxBodySize;

	private final List<MalformedRequest> requests = new ArrayList<>();

	private int sequence;

	private MalformedRequests(long seed, int maxBodySize) {
		this.random = new Random(seed);
		this.maxBodySize = maxBodySize;
	}

	/**
	 * The malformed requests for a seed.
	 * @param seed the seed of every random choice
	 * @param maxBodySize the application's {@code whereby.webhook.max-body-size} in bytes
	 * @return the requests, in a fixed order for the seed
	 */
	static List<MalformedRequest> generate(long seed, int maxBodySize) {
		MalformedRequests generator = new MalformedRequests(seed, maxBodySize);
		generator.brokenJson();
		generator.wrongTypes();
		generator.unknownTypes();
		generator.hugeWithinTheLimit();
		generator.beyondTheLimit();
		generator.deepNesting();
		generator.invalidUtf8();
		generator.oddRootsAndEmptyBodies();
		generator.wrongContentTypes();
		generator.wrongMethodsAndPaths();
		generator.badSignatures();
		generator.headerInjection();
		generator.brokenFraming();
		return List.copyOf(generator.requests);
	}

	private void brokenJson() {
		for (int i = 0; i < 40; i++) {
			String body = launchable();
			int length = 1 + this.random.nextInt(body.length() - 1);
			signed("truncated to " + length + " of " + body.length() + " bytes", body.substring(0, length),
					Expected.problem(400, "not valid JSON"));
		}
		for (int i = 0; i < 12; i++) {
			String body = launchable();
			int at = pick(body, '"');
			signed("quote at " + at + " removed", body.substring(0, at) + body.substring(at + 1),
					Expected.problem(400));
		}
		for (int i = 0; i < 12; i++) {
			String body = launchable();
			int at = (this.random.nextBoolean()) ? pick(body, '{') : pick(body, '}');
			signed("brace at " + at + " removed", body.substring(0, at) + body.substring(at + 1),
					Expected.problem(400, "not valid JSON"));
		}
		for (int i = 0; i < 6; i++) {
			String body = launchable();
			int at = pick(body, '}');
			signed("trailing comma before the brace at " + at, body.substring(0, at) + "," + body.substring(at),
					Expected.problem(400, "not valid JSON"));
		}
		for (String[] literal : new String[][] { { "false", "fals" }, { "false", "False" }, { "null", "nul" },
				{ "null", "None" }, { ":1,", ":01," }, { ":1,", ":+1," }, { ":1,", ":0x1," }, { ":1,", ":.5," },
				{ ":1,", ":1.," }, { ":1,", ":NaN," }, { ":1,", ":Infinity," }, { ":1,", ":-Infinity," } }) {
			String body = joined("host");
			signed("JSON literal " + literal[0] + " written " + literal[1], body.replace(literal[0], literal[1]),
					Expected.problem(400, "not valid JSON"));
		}
		signed("single quotes", joined("host").replace('"', '\''), Expected.problem(400, "not valid JSON"));
		signed("block comment", "{/* from Whereby */" + joined("host").substring(1),
				Expected.problem(400, "not valid JSON"));
		signed("line comment", "{// from Whereby\n" + joined("host").substring(1),
				Expected.problem(400, "not valid JSON"));
		signed("raw line feed in a string", joined("host").replace("Zoe", "Zo\ne"),
				Expected.problem(400, "not valid JSON"));
		signed("raw control character in a string", joined("host").replace("Zoe", "Zo\u0001e"),
				Expected.problem(400, "not valid JSON"));
		signed("raw tab in a string", joined("host").replace("Zoe", "Zo\te"), Expected.problem(400, "not valid JSON"));
		signed("invalid escape in a string", joined("host").replace("Zoe", "Zo\\xe"),
				Expected.problem(400, "not valid JSON"));
		signed("unquoted key", joined("host").replace("\"displayName\"", "displayName"),
				Expected.problem(400, "not valid JSON"));
		for (String garbage : new String[] { "x", "}", "{}", ",", "]", " {\"id\":\"second\"}", "\u0000" }) {
			signed("trailing garbage " + visible(garbage), launchable() + garbage, Expected.problem(400));
		}
		signed("form-encoded body sent as JSON", "id=evt-1&type=room.client.joined", Expected.problem(400));
		signed("XML body sent as JSON", "<webhook><id>evt-1</id></webhook>", Expected.problem(400));
	}

	private void wrongTypes() {
		// Every field of the envelope and the data, with every JSON type it must not
		// have.
		wrong("id", Kind.NUMBER, Kind.FLOAT, Kind.BOOLEAN, Kind.OBJECT, Kind.ARRAY, Kind.NULL, Kind.EMPTY, Kind.BLANK);
		wrong("apiVersion", Kind.NUMBER, Kind.FLOAT, Kind.BOOLEAN, Kind.OBJECT, Kind.ARRAY);
		wrong("createdAt", Kind.BOOLEAN, Kind.OBJECT, Kind.ARRAY, Kind.NOT_A_DATE, Kind.NUMBER, Kind.FLOAT);
		wrong("type", Kind.NUMBER, Kind.BOOLEAN, Kind.OBJECT, Kind.ARRAY, Kind.NULL, Kind.EMPTY);
		wrong("data", Kind.STRING, Kind.NUMBER, Kind.BOOLEAN, Kind.ARRAY, Kind.NULL);
		wrong("data.meetingId", Kind.NUMBER, Kind.BOOLEAN, Kind.OBJECT, Kind.ARRAY);
		wrong("data.roomName", Kind.NUMBER, Kind.BOOLEAN, Kind.OBJECT, Kind.ARRAY, Kind.NULL, Kind.EMPTY,
				Kind.NOT_A_PATH);
		wrong("data.roomSessionId", Kind.NUMBER, Kind.BOOLEAN, Kind.OBJECT, Kind.ARRAY);
		wrong("data.subdomain", Kind.NUMBER, Kind.BOOLEAN, Kind.OBJECT, Kind.ARRAY, Kind.NULL, Kind.EMPTY,
				Kind.NOT_A_LABEL);
		for (String field : List.of("data.roleName", "data.displayName", "data.participantId", "data.metadata",
				"data.externalId")) {
			wrong(field, Kind.NUMBER, Kind.FLOAT, Kind.BOOLEAN, Kind.OBJECT, Kind.ARRAY);
		}
		wrong("data.numClients", Kind.STRING_FOR_NUMBER, Kind.STRING, Kind.FLOAT, Kind.BOOLEAN, Kind.OBJECT, Kind.ARRAY,
				Kind.TOO_LARGE_FOR_INT);
		wrong("data.numClientsByRoleName", Kind.STRING, Kind.NUMBER, Kind.BOOLEAN, Kind.ARRAY, Kind.MAP_OF_STRINGS,
				Kind.MAP_OF_OBJECTS, Kind.MAP_OF_FLOATS);
		wrong("data.isDialIn", Kind.STRING_FOR_BOOLEAN, Kind.NUMBER, Kind.OBJECT, Kind.ARRAY);
	}

	private void wrong(String field, Kind... kinds) {
		for (Kind kind : kinds) {
			// The room fields are checked on a room event too.
			boolean roomField = !field.startsWith("data.")
					|| List.of("data.meetingId", "data.roomName", "data.roomSessionId", "data.subdomain")
						.contains(field);
			for (String type : roomField ? List.of("room.client.joined", "assistant.requested")
					: List.of("room.client.joined")) {
				String base = type.equals("room.client.joined") ? joined("host") : roomEvent(type);
				String value = kind.value(this.random);
				signed("wrong type " + type + " " + field + " = " + abbreviated(value) + " (" + kind.description + ")",
						with(base, field, value), Expected.problem(400, field));
			}
		}
	}

	private void unknownTypes() {
		String[] types = { "transcription.started", "transcription.finished", "recording.finished",
				"room.client.knocked", "room.client.knockCancelled", "ROOM.CLIENT.JOINED", " room.client.joined",
				"room.client.joined.v2", "room.client.joined\\u0000" };
		String[] data = { "\"a string\"", "42", "[1,2,3]", "null", "{}",
				"{\"roomName\":5,\"subdomain\":[],\"numClients\":\"many\"}", "{\"nested\":{\"deeper\":[true,false]}}" };
		for (String type : types) {
			String value = data[this.random.nextInt(data.length)];
			String body = "{\"id\":\"" + nextId() + "\",\"apiVersion\":{},\"createdAt\":\"not a date\",\"type\":\""
					+ type + "\",\"data\":" + value + "}";
			signed("unknown type '" + type + "' with data " + abbreviated(value), body, Expected.ignored());
		}
		signed("unknown type without data",
				"{\"id\":\"" + nextId() + "\",\"type\":\"transcription.failed\",\"createdAt\":12}", Expected.ignored());
		signed("unknown type with a huge string as data", "{\"id\":\"" + nextId()
				+ "\",\"type\":\"recording.finished\",\"data\":\"" + "r".repeat(this.maxBodySize - 200) + "\"}",
				Expected.ignored());
	}

	private void hugeWithinTheLimit() {
		int room = this.maxBodySize - 800;
		signed("numClients a huge numeric string",
				with(joined("host"), "data.numClients", quoted("9".repeat(room / 2 + this.random.nextInt(room / 2)))),
				Expected.problem(400, "data.numClients"));
		signed("numClients a number with 2000 digits",
				joined("host").replace("\"numClients\":1,", "\"numClients\":" + "9".repeat(2000) + ","),
				Expected.problem(400));
		signed("numClients a number with 900 digits", with(joined("host"), "data.numClients", "9".repeat(900)),
				Expected.problem(400, "data.numClients"));
		signed("displayName an array of thousands of numbers",
				with(joined("host"), "data.displayName", array("7", room / 2 / 2)),
				Expected.problem(400, "data.displayName"));
		signed("id a huge array of strings", with(joined("host"), "id", array("\"evt\"", room / 6)),
				Expected.problem(400, "id"));
		signed("roomName a huge string that is not a path",
				with(joined("host"), "data.roomName", quoted("r".repeat(room))),
				Expected.problem(400, "data.roomName"));
		signed("roomName a huge path with a space in it",
				with(joined("host"), "data.roomName", quoted("/" + "r".repeat(room / 2) + " " + "r".repeat(room / 2))),
				Expected.problem(400, "data.roomName"));
		signed("subdomain a huge string", with(joined("host"), "data.subdomain", quoted("s".repeat(room))),
				Expected.problem(400, "data.subdomain"));
		StringBuilder counts = new StringBuilder("{");
		for (int i = 0; counts.length() < room; i++) {
			counts.append((i > 0) ? "," : "").append("\"role").append(i).append("\":\"").append(i).append('"');
		}
		signed("numClientsByRoleName with thousands of string counts",
				with(joined("host"), "data.numClientsByRoleName", counts.append('}').toString()),
				Expected.problem(400, "data.numClientsByRoleName"));
		signed("body a huge array", array("1", room / 2), Expected.problem(400));
		signed("body a huge string", quoted("b".repeat(room)), Expected.problem(400));
	}

	private void beyondTheLimit() {
		int[] sizes = { this.maxBodySize + 1, 2 * this.maxBodySize, 100_000 + this.random.nextInt(100_000), 1_000_000 };
		for (int size : sizes) {
			add("signed body of " + size + " bytes with Content-Length", (client) -> {
				byte[] body = sized(size);
				return Answer.of(client.deliver(body, client.sign(body)));
			}, Expected.problem(413));
			add("signed body of " + size + " bytes without Content-Length (chunked)", (client) -> {
				byte[] body = sized(size);
				return Answer.of(client.send(client.webhookRequest()
					.header("Whereby-Signature", client.sign(body))
					.POST(unknownLength(body))
					.build()));
			}, Expected.problem(413));
		}
		add("unsigned body over the limit with Content-Length",
				(client) -> Answer.of(client.deliver(sized(2 * this.maxBodySize), null)), Expected.problem(413));
		add("unsigned body over the limit without Content-Length",
				(client) -> Answer
					.of(client.send(client.webhookRequest().POST(unknownLength(sized(2 * this.maxBodySize))).build())),
				Expected.problem(413));
		add("body over the limit as text/plain", (client) -> {
			byte[] body = sized(2 * this.maxBodySize);
			return Answer.of(client.send(client.webhookRequest()
				.setHeader("Content-Type", "text/plain")
				.header("Whereby-Signature", client.sign(body))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build()));
		}, Expected.problem(415));
		add("Content-Length of a gigabyte, few bytes sent", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			return Answer
				.of(client.sendRaw(raw(client, "POST", WebhookClient.PATH, List.of("Content-Type: application/json",
						"Content-Length: 1000000000", "Whereby-Signature: " + client.sign(body)), body)));
		}, Expected.problem(413));
		add("Content-Length beyond a long",
				(client) -> Answer.of(client.sendRaw(raw(client, "POST", WebhookClient.PATH,
						List.of("Content-Type: application/json", "Content-Length: 99999999999999999999999"),
						new byte[0]))),
				Expected.clientError());
		add("negative Content-Length",
				(client) -> Answer.of(client.sendRaw(raw(client, "POST", WebhookClient.PATH,
						List.of("Content-Type: application/json", "Content-Length: -5"), new byte[0]))),
				Expected.clientError());
	}

	private void deepNesting() {
		for (int depth : new int[] { 501, 1000, 1000 + this.random.nextInt(2000), 3000 }) {
			signed("arrays nested " + depth + " deep in an unknown field",
					withExtra(launchable(), "[".repeat(depth) + "]".repeat(depth)), Expected.problem(400));
		}
		StringBuilder objects = new StringBuilder();
		int depth = 1000 + this.random.nextInt(500);
		objects.append("{\"a\":".repeat(depth)).append("1").append("}".repeat(depth));
		signed("objects nested " + depth + " deep in an unknown field", withExtra(launchable(), objects.toString()),
				Expected.problem(400));
		signed("roomName arrays nested 40 deep", with(joined("host"), "data.roomName", "[".repeat(40) + "]".repeat(40)),
				Expected.problem(400, "data.roomName"));
		signed("body arrays nested 5000 deep", "[".repeat(5000) + "]".repeat(5000), Expected.problem(400));
		signed("body 6000 opening brackets never closed", "[".repeat(6000), Expected.problem(400));
		signed("body 2000 opening braces never closed", "{\"a\":".repeat(2000), Expected.problem(400));
	}

	private void invalidUtf8() {
		int[][] sequences = { { 0xFF }, { 0xFE }, { 0xC0, 0xAF }, { 0xE0, 0x80, 0xAF }, { 0x80 }, { 0xE2, 0x82 },
				{ 0xED, 0xA0, 0x80 }, { 0xF4, 0x90, 0x80, 0x80 }, { 0xF8, 0x88, 0x80, 0x80, 0x80 }, { 0xC3, 0x28 } };
		for (int[] sequence : sequences) {
			byte[] bytes = bytes(sequence);
			String hex = HexFormat.ofDelimiter(" ").formatHex(bytes);
			byte[] inName = joined("host").replace("Zoe", "Zo\u0000e").getBytes(StandardCharsets.UTF_8);
			signed("invalid UTF-8 " + hex + " in a string", splice(inName, indexOf(inName, (byte) 0), 1, bytes),
					Expected.problem(400, "UTF-8"));
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			int at = this.random.nextInt(body.length + 1);
			signed("invalid UTF-8 " + hex + " at byte " + at, splice(body, at, 0, bytes),
					Expected.problem(400, "UTF-8"));
		}
		byte[] truncated = launchable().getBytes(StandardCharsets.UTF_8);
		signed("body ending in half a character", splice(truncated, truncated.length, 0, bytes(new int[] { 0xC3 })),
				Expected.problem(400, "UTF-8"));
		signed("body in UTF-16 with a byte order mark", launchable().getBytes(StandardCharsets.UTF_16),
				Expected.problem(400));
		signed("body in UTF-16LE", launchable().getBytes(StandardCharsets.UTF_16LE), Expected.problem(400));
		signed("body in ISO-8859-1 with a non-ASCII letter",
				joined("host").replace("Zoe", "Zo\u00eb").getBytes(StandardCharsets.ISO_8859_1),
				Expected.problem(400, "UTF-8"));
	}

	private void oddRootsAndEmptyBodies() {
		signed("empty body", "", Expected.problem(400));
		signed("whitespace only", " \r\n\t ", Expected.problem(400));
		for (String root : new String[] { "null", "[]", "[{}]", "\"webhook\"", "42", "-0.5", "true", "false" }) {
			signed("body " + root, root, Expected.problem(400));
		}
		signed("empty object", "{}", Expected.problem(400, "id"));
		signed("id only", "{\"id\":\"" + nextId() + "\"}", Expected.problem(400, "type"));
		signed("type only", "{\"type\":\"room.client.joined\"}", Expected.problem(400, "id"));
		signed("no data", "{\"id\":\"" + nextId() + "\",\"type\":\"room.client.joined\"}",
				Expected.problem(400, "data"));
		signed("empty data", "{\"id\":\"" + nextId() + "\",\"type\":\"assistant.requested\",\"data\":{}}",
				Expected.problem(400, "data.roomName"));
		signed("subdomain misspelt as in the seed document",
				roomEvent("assistant.requested").replace("\"subdomain\"", "\"subdoman\""),
				Expected.problem(400, "data.subdomain"));
		add("unsigned empty body", (client) -> Answer.of(client.deliver(new byte[0], null)), Expected.problem(401));
	}

	private void wrongContentTypes() {
		for (String contentType : new String[] { "text/plain", "text/plain; charset=utf-8",
				"application/x-www-form-urlencoded", "multipart/form-data; boundary=whereby", "application/xml",
				"text/json", "text/html", "application/jsonl", "application/problem+json",
				"application/json-patch+json", "application/vnd.api+json", "application/x-json", "*/*", "application/*",
				"application", "json", "application/json/extra", "" }) {
			String body = launchable();
			add("Content-Type '" + contentType + "'", (client) -> {
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				return Answer.of(client.send(client.webhookRequest()
					.setHeader("Content-Type", contentType)
					.header("Whereby-Signature", client.sign(bytes))
					.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
					.build()));
			}, Expected.problem(415));
		}
		String body = launchable();
		add("no Content-Type", (client) -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			return Answer.of(client.sendRaw(raw(client, "POST", WebhookClient.PATH,
					List.of("Content-Length: " + bytes.length, "Whereby-Signature: " + client.sign(bytes)), bytes)));
		}, Expected.problem(415));
	}

	private void wrongMethodsAndPaths() {
		for (String method : new String[] { "PUT", "PATCH", "DELETE" }) {
			String body = launchable();
			add(method + " " + WebhookClient.PATH, (client) -> {
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				return Answer.of(client.send(client.webhookRequest()
					.header("Whereby-Signature", client.sign(bytes))
					.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
					.build()));
			}, Expected.anyProblem());
		}
		for (String path : new String[] { WebhookClient.PATH + "/", WebhookClient.PATH.toUpperCase(),
				WebhookClient.PATH + "/room.client.joined" }) {
			String body = launchable();
			add("POST " + path, (client) -> {
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				return Answer.of(client.sendRaw(raw(
						client, "POST", path, List.of("Content-Type: application/json",
								"Content-Length: " + bytes.length, "Whereby-Signature: " + client.sign(bytes)),
						bytes)));
			}, Expected.anyProblem());
		}
	}

	private void badSignatures() {
		String hex64 = "0123456789abcdef".repeat(4);
		List<SignatureCase> cases = List.of(new SignatureCase("no signature", (client, body) -> null),
				new SignatureCase("empty signature", (client, body) -> ""),
				new SignatureCase("signature 'garbage'", (client, body) -> "garbage"),
				new SignatureCase("timestamp only", (client, body) -> "t=" + now()),
				new SignatureCase("v1 only", (client, body) -> valid(client, body).replaceFirst("t=\\d+,", "")),
				new SignatureCase("timestamp not a number",
						(client, body) -> valid(client, body).replaceFirst("t=\\d+", "t=yesterday")),
				new SignatureCase("negative timestamp",
						(client, body) -> valid(client, body).replaceFirst("t=", "t=-")),
				new SignatureCase("timestamp of 25 digits",
						(client, body) -> valid(client, body).replaceFirst("t=\\d+", "t=" + "9".repeat(25))),
				new SignatureCase("timestamp with a fraction",
						(client, body) -> valid(client, body).replaceFirst("t=(\\d+)", "t=$1.5")),
				new SignatureCase("v1 not hex", (client, body) -> "t=" + now() + ",v1=" + "g".repeat(64)),
				new SignatureCase("v1 half as long", (client, body) -> {
					String valid = valid(client, body);
					return valid.substring(0, valid.length() - 32);
				}), new SignatureCase("v1 with two digits more", (client, body) -> valid(client, body) + "00"),
				new SignatureCase("V1 in upper case", (client, body) -> valid(client, body).replace("v1=", "V1=")),
				new SignatureCase("a thousand empty parts",
						(client, body) -> "t=" + now() + "," + ",".repeat(1000) + "v1=" + hex64),
				new SignatureCase("a thousand parts before v1",
						(client, body) -> "t=" + now() + "," + "x=1,".repeat(1000) + "v1=" + hex64),
				new SignatureCase("a hundred wrong v1",
						(client, body) -> "t=" + now() + "," + ("v1=" + hex64 + ",").repeat(100)),
				new SignatureCase("signature of 6000 characters",
						(client, body) -> "t=" + now() + ",v1=" + hex64 + "," + "a".repeat(6000)));
		for (SignatureCase signatureCase : cases) {
			String body = launchable();
			add(signatureCase.name, (client) -> {
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				return Answer.of(client.deliver(bytes, signatureCase.header.of(client, bytes)));
			}, Expected.problem(401, "Whereby-Signature"));
		}
		String body = launchable();
		add("signature header beyond the server's header size", (client) -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			return Answer.of(client.deliver(bytes, "t=" + now() + ",v1=" + hex64 + "," + "a".repeat(20_000)));
		}, Expected.clientError());
	}

	private void headerInjection() {
		add("CR LF and a header injected after a wrong signature", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			return Answer.of(client.sendRaw(signatureInjected(client, body,
					"t=" + now() + ",v1=" + "ab".repeat(32) + "\r\nX-Forwarded-For: 10.0.0.1")));
		}, Expected.problem(401));
		add("CR LF splitting t and v1 over two lines", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			String valid = client.sign(body);
			return Answer.of(client.sendRaw(signatureInjected(client, body, valid.replace(",", "\r\n"))));
		}, Expected.clientError());
		add("bare LF splitting t and v1", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			return Answer.of(client.sendRaw(signatureInjected(client, body, client.sign(body).replace(",", ",\n"))));
		}, Expected.clientError());
		add("bare CR inside the signature", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			return Answer.of(client.sendRaw(signatureInjected(client, body, client.sign(body).replace(",", ",\r"))));
		}, Expected.clientError());
		add("obsolete line folding inside the signature", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			return Answer
				.of(client.sendRaw(signatureInjected(client, body, "t=" + now() + ",\r\n v1=" + "cd".repeat(32))));
		}, Expected.clientError());
		add("blank line injected: a second request smuggled in the signature", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			return Answer.of(client.sendRaw(signatureInjected(client, body,
					client.sign(body) + "\r\n\r\nGET /actuator/health HTTP/1.1\r\nHost: localhost")));
		}, Expected.clientError());
		add("NUL inside the signature", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			return Answer
				.of(client.sendRaw(signatureInjected(client, body, client.sign(body).replace(",", "\u0000,"))));
		}, Expected.clientError());
		add("second Content-Length injected through the signature", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			return Answer.of(client.sendRaw(signatureInjected(client, body,
					"t=" + now() + ",v1=" + "ef".repeat(32) + "\r\nContent-Length: 2")));
		}, Expected.clientError());
		add("Transfer-Encoding injected through the signature", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			return Answer.of(client.sendRaw(signatureInjected(client, body,
					"t=" + now() + ",v1=" + "ef".repeat(32) + "\r\nTransfer-Encoding: chunked")));
		}, Expected.problem(400));
		add("Latin-1 letters inside the signature", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			return Answer.of(client
				.sendRaw(signatureInjected(client, body, "t=" + now() + ",v1=\u00e9\u00e8" + "0".repeat(62))));
		}, Expected.problem(401));
		add("DEL and escape characters inside the signature", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			return Answer.of(client
				.sendRaw(signatureInjected(client, body, "t=" + now() + ",v1=\u007f\u001b" + "0".repeat(62))));
		}, Expected.clientError());
	}

	/**
	 * Bodies whose HTTP framing is broken in a way the server accepts at first: the
	 * application reads them and fails while reading.
	 */
	private void brokenFraming() {
		add("chunked body whose chunk size is not hexadecimal", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			ByteArrayOutputStream chunked = new ByteArrayOutputStream();
			chunked.writeBytes(("zz\r\n").getBytes(StandardCharsets.US_ASCII));
			chunked.writeBytes(body);
			chunked.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			return Answer.of(client.sendRaw(raw(
					client, "POST", WebhookClient.PATH, List.of("Content-Type: application/json",
							"Transfer-Encoding: chunked", "Whereby-Signature: " + client.sign(body)),
					chunked.toByteArray())));
		}, Expected.problem(400));
		add("chunked body that ends before its last chunk", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			ByteArrayOutputStream chunked = new ByteArrayOutputStream();
			chunked.writeBytes((Integer.toHexString(body.length + 100) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			chunked.writeBytes(body);
			return Answer.of(client.sendRawAndHalfClose(raw(
					client, "POST", WebhookClient.PATH, List.of("Content-Type: application/json",
							"Transfer-Encoding: chunked", "Whereby-Signature: " + client.sign(body)),
					chunked.toByteArray())));
		}, Expected.problem(400));
		add("body shorter than its Content-Length", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			return Answer.of(client.sendRawAndHalfClose(raw(
					client, "POST", WebhookClient.PATH, List.of("Content-Type: application/json",
							"Content-Length: " + (body.length + 50), "Whereby-Signature: " + client.sign(body)),
					body)));
		}, Expected.problem(400));
		add("both Content-Length and Transfer-Encoding", (client) -> {
			byte[] body = launchable().getBytes(StandardCharsets.UTF_8);
			return Answer.of(
					client
						.sendRaw(raw(client, "POST", WebhookClient.PATH,
								List.of("Content-Type: application/json", "Content-Length: " + body.length,
										"Transfer-Encoding: chunked", "Whereby-Signature: " + client.sign(body)),
								body)));
		}, Expected.problem(400));
	}

	// Building blocks

	private void signed(String name, String body, Expected expected) {
		signed(name, body.getBytes(StandardCharsets.UTF_8), expected);
	}

	private void signed(String name, byte[] body, Expected expected) {
		add(name, (client) -> Answer.of(client.deliver(body, client.sign(body))), expected);
	}

	private void add(String name, Delivery delivery, Expected expected) {
		this.requests.add(new MalformedRequest(this.requests.size() + 1 + ": " + name, delivery, expected));
	}

	private String nextId() {
		return "evt-malformed-" + (++this.sequence);
	}

	private String nextRoom() {
		return "/malformed-" + this.sequence;
	}

	private String joined(String role) {
		String id = nextId();
		return WebhookBodies.joined(id, nextRoom(), role);
	}

	private String roomEvent(String type) {
		String id = nextId();
		return WebhookBodies.roomEvent(id, type, nextRoom());
	}

	/**
	 * A body that launches an assistant if accepted.
	 */
	private String launchable() {
		return switch (this.random.nextInt(3)) {
			case 0 -> joined("host");
			case 1 -> roomEvent("assistant.requested");
			default -> roomEvent("room.session.started");
		};
	}

	private byte[] sized(int size) {
		String body = joined("host");
		int padding = size - body.getBytes(StandardCharsets.UTF_8).length + "Zoe".length();
		return body.replace("\"Zoe\"", "\"" + "z".repeat(Math.max(0, padding)) + "\"").getBytes(StandardCharsets.UTF_8);
	}

	private int pick(String text, char character) {
		List<Integer> positions = new ArrayList<>();
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == character) {
				positions.add(i);
			}
		}
		return positions.get(this.random.nextInt(positions.size()));
	}

	private static String with(String body, String field, String valueJson) {
		ObjectNode root = (ObjectNode) json.readTree(body);
		ObjectNode parent = root;
		String[] path = field.split("\\.");
		for (int i = 0; i < path.length - 1; i++) {
			parent = (ObjectNode) parent.get(path[i]);
		}
		parent.set(path[path.length - 1], json.readTree(valueJson));
		return json.writeValueAsString(root);
	}

	/**
	 * The body with an unknown field {@code extra} in its data, written as text: the
	 * test's own JSON parser refuses what is nested too deep.
	 */
	private static String withExtra(String body, String valueJson) {
		return body.replaceFirst("\"data\":\\{", Matcher.quoteReplacement("\"data\":{\"extra\":" + valueJson + ","));
	}

	private static String quoted(String text) {
		return "\"" + text + "\"";
	}

	private static String array(String element, int count) {
		return "[" + String.join(",", Collections.nCopies(Math.max(1, count), element)) + "]";
	}

	private static String abbreviated(String text) {
		String visible = visible(text);
		return (visible.length() <= 40) ? visible : visible.substring(0, 37) + "...";
	}

	private static String visible(String text) {
		return text.replace("\u0000", "\\0").replace("\n", "\\n").replace("\r", "\\r");
	}

	private static byte[] bytes(int[] values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

	private static int indexOf(byte[] bytes, byte value) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == value) {
				return i;
			}
		}
		throw new IllegalArgumentException("no " + value);
	}

	private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
		ByteArrayOutputStream spliced = new ByteArrayOutputStream();
		spliced.write(bytes, 0, at);
		spliced.writeBytes(insert);
		spliced.write(bytes, at + remove, bytes.length - at - remove);
		return spliced.toByteArray();
	}

	private static HttpRequest.BodyPublisher unknownLength(byte[] body) {
		return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

	private static String valid(WebhookClient client, byte[] body) {
		return client.sign(body);
	}

	/**
	 * A request with the body's Content-Length and the given signature header, written as
	 * is: CR and LF in it end up on the wire.
	 */
	private static byte[] signatureInjected(WebhookClient client, byte[] body, String signature) {
		return raw(client, "POST", WebhookClient.PATH, List.of("Content-Type: application/json",
				"Content-Length: " + body.length, "Whereby-Signature: " + signature), body);
	}

	/**
	 * An HTTP/1.1 request written byte by byte: request line, Host, the given header
	 * lines as they are, {@code Connection: close}, a blank line and the body.
	 */
	static byte[] raw(WebhookClient client, String method, String path, List<String> headerLines, byte[] body) {
		StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
		head.append("Host: localhost:").append(client.port()).append("\r\n");
		for (String line : headerLines) {
			head.append(line).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		request.writeBytes(body);
		return request.toByteArray();
	}

	/**
	 * A JSON type a field must not have, with a random value of it.
	 */
	enum Kind {

		STRING("a string"), STRING_FOR_NUMBER("a number as a string"), STRING_FOR_BOOLEAN("a boolean as a string"),
		NUMBER("a number"), FLOAT("a float"), TOO_LARGE_FOR_INT("too large for an int"), BOOLEAN("a boolean"),
		OBJECT("an object"), ARRAY("an array"), NULL("null"), EMPTY("empty"), BLANK("blank"), NOT_A_DATE("not a date"),
		NOT_A_PATH("not a path"), NOT_A_LABEL("not a DNS label"), MAP_OF_STRINGS("counts as strings"),
		MAP_OF_OBJECTS("counts as objects"), MAP_OF_FLOATS("counts as floats");

		final String description;

		Kind(String description) {
			this.description = description;
		}

		String value(Random random) {
			String word = word(random);
			int number = random.nextInt(1000);
			return switch (this) {
				case STRING -> quoted(word);
				case STRING_FOR_NUMBER -> quoted(Integer.toString(number));
				case STRING_FOR_BOOLEAN -> quoted(Boolean.toString(random.nextBoolean()));
				case NUMBER -> Integer.toString(number);
				case FLOAT -> number + "." + (1 + random.nextInt(9));
				case TOO_LARGE_FOR_INT -> Long.toString(Integer.MAX_VALUE + 1L + random.nextInt(Integer.MAX_VALUE));
				case BOOLEAN -> Boolean.toString(random.nextBoolean());
				case OBJECT -> "{\"" + word + "\":" + quoted(word(random)) + "}";
				case ARRAY -> "[" + quoted(word) + "," + number + "]";
				case NULL -> "null";
				case EMPTY -> "\"\"";
				case BLANK -> quoted(" ".repeat(1 + random.nextInt(3)));
				case NOT_A_DATE -> quoted(word + " " + number);
				case NOT_A_PATH -> quoted(new String[] { word, "https://evil.example/" + word, "@evil.example/" + word,
						"/" + word + " " + word, "/" + word + "?x=1", "/" + word + "#x", "/\\\\" + word }[random
							.nextInt(7)]);
				case NOT_A_LABEL -> quoted(new String[] { "evil.example/" + word, "-" + word, word + "-", word + "_x",
						word + ".evil", "a".repeat(64), word + " x" }[random.nextInt(7)]);
				case MAP_OF_STRINGS -> "{\"host\":" + quoted(Integer.toString(number)) + "}";
				case MAP_OF_OBJECTS -> "{\"host\":{\"count\":" + number + "}}";
				case MAP_OF_FLOATS -> "{\"host\":" + number + ".5}";
			};
		}

		private static String word(Random random) {
			StringBuilder word = new StringBuilder();
			int length = 3 + random.nextInt(8);
			for (int i = 0; i < length; i++) {
				word.append((char) ('a' + random.nextInt(26)));
			}
			return word.toString();
		}

	}

	/**
	 * One malformed request.
	 *
	 * @param name what is wrong with it
	 * @param delivery how it is sent
	 * @param expected the answer it must get
	 */
	record MalformedRequest(String name, Delivery delivery, Expected expected) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * Sends a request and reads the answer.
	 */
	@FunctionalInterface
	interface Delivery {

		Answer send(WebhookClient client) throws Exception;

	}

	/**
	 * An answer, from the JDK client or a socket.
	 *
	 * @param status the status code
	 * @param contentType the Content-Type, if any
	 * @param body the body
	 */
	record Answer(int status, @Nullable String contentType, String body) {

		static Answer of(HttpResponse<String> response) {
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
					response.body());
		}

		static Answer of(RawResponse response) {
			return new Answer(response.status(), response.headers().get("content-type"), response.body());
		}

	}

	/**
	 * What the answer to a malformed request must be.
	 *
	 * @param status the status, 0 for any 4xx
	 * @param problemDetail whether it is a problem detail
	 * ({@code application/problem+json})
	 * @param detail what the problem's detail must contain, if anything
	 * @param acknowledgedAsIgnored whether it is a 200 {@code ignored}
	 */
	record Expected(int status, boolean problemDetail, @Nullable String detail, boolean acknowledgedAsIgnored) {

		static Expected problem(int status) {
			return new Expected(status, true, null, false);
		}

		static Expected problem(int status, String detail) {
			return new Expected(status, true, detail, false);
		}

		static Expected anyProblem() {
			return new Expected(0, true, null, false);
		}

		/**
		 * Any 4xx, problem detail or not: for requests the HTTP server refuses before the
		 * application sees them.
		 */
		static Expected clientError() {
			return new Expected(0, false, null, false);
		}

		static Expected ignored() {
			return new Expected(200, false, null, true);
		}

	}

	private record SignatureCase(String name, SignatureOf header) {

	}

	@FunctionalInterface
	private interface SignatureOf {

		@Nullable String of(WebhookClient client, byte[] body);

	}

}

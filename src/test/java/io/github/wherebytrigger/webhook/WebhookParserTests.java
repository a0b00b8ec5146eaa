package io.github.wherebytrigger.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WebhookParser}, on fixtures under {@code src/test/resources/webhooks}.
 */
class WebhookParserTests {

	private static final String SESSION_ID = "0b6d2f3e-5a1c-4e8b-9d7f-2c1a3b4c5d6e";

	private static final RoomData STANDUP = new RoomData("88213", "/standup-3f2a", SESSION_ID, "acme");

	private final WebhookParser parser = new WebhookParser();

	@Test
	void parseBindsEveryFieldOfRoomClientJoined() {
		WherebyWebhook webhook = parseHandled("room-client-joined.json");
		assertThat(webhook)
			.isEqualTo(new RoomClientJoined("evt_01JD2K7Q3M", "1.0", Instant.parse("2026-11-20T10:15:00Z"),
					new ClientData("88213", "/standup-3f2a", SESSION_ID, "acme", "host", "Ada", "p_1",
							"{\"team\":\"red\"}", "ext-42", 3, Map.of("host", 1, "member", 1, "assistant", 1), false)));
		assertThat(webhook.type()).isEqualTo("room.client.joined");
		ClientData data = ((RoomClientJoined) webhook).data();
		assertThat(data.isDialIn()).isFalse();
		assertThat(data.numClients()).isEqualTo(3);
		assertThat(data.clientsWithRole("assistant")).isOne();
		assertThat(data.clientsWithRole("viewer")).isZero();
	}

	@Test
	void parseBindsEveryFieldOfRoomClientLeft() {
		WherebyWebhook webhook = parseHandled("room-client-left.json");
		assertThat(webhook).isEqualTo(new RoomClientLeft("evt_01JD2K9B7T", "1.0",
				Instant.parse("2026-11-20T10:47:12.345Z"), new ClientData("88213", "/standup-3f2a", SESSION_ID, "acme",
						"member", "Grace", "p_2", null, null, 1, Map.of("host", 1), false)));
		assertThat(webhook.type()).isEqualTo("room.client.left");
	}

	@Test
	void parseBindsRoomSessionStartedToRoomData() {
		WherebyWebhook webhook = parseHandled("room-session-started.json");
		assertThat(webhook)
			.isEqualTo(new RoomSessionStarted("evt_01JD2K8A1C", "1.0", Instant.parse("2026-11-20T10:15:30Z"), STANDUP));
		assertThat(webhook.data()).isExactlyInstanceOf(RoomData.class);
		assertThat(webhook.type()).isEqualTo("room.session.started");
	}

	@Test
	void parseBindsRoomSessionEndedToRoomData() {
		WherebyWebhook webhook = parseHandled("room-session-ended.json");
		assertThat(webhook)
			.isEqualTo(new RoomSessionEnded("evt_01JD2KB4ZX", "1.0", Instant.parse("2026-11-20T10:52:00Z"), STANDUP));
		assertThat(webhook.data()).isExactlyInstanceOf(RoomData.class);
		assertThat(webhook.type()).isEqualTo("room.session.ended");
	}

	@Test
	void parseBindsAssistantRequestedToRoomData() {
		WherebyWebhook webhook = parseHandled("assistant-requested.json");
		assertThat(webhook)
			.isEqualTo(new AssistantRequested("evt_01JD2K8F6R", "1.0", Instant.parse("2026-11-20T10:20:05Z"), STANDUP));
		assertThat(webhook.data()).isExactlyInstanceOf(RoomData.class);
		assertThat(webhook.type()).isEqualTo("assistant.requested");
	}

	@Test
	void parseKeepsNonAsciiTextUnknownRoleAndNullsAndIgnoresUnknownProperties() {
		WherebyWebhook webhook = parseHandled("room-client-joined-unusual.json");
		assertThat(webhook)
			.isEqualTo(new RoomClientJoined("evt_01JD2KC0NA", "1.0", Instant.parse("2026-11-20T11:00:00Z"),
					new ClientData(null, "/caf\u00e9-r\u00f6om-\u4f1a\u8bae", null, "acme", "moderator",
							"Zo\u00eb \uD83C\uDF89 \"quoted\" \u00e9", "p_3", null, null, 4,
							Map.of("moderator", 1, "visitor", 2, "host", 1), true)));
		ClientData data = ((RoomClientJoined) webhook).data();
		assertThat(data.meetingId()).isNull();
		assertThat(data.roomSessionId()).isNull();
		assertThat(data.roleName()).isEqualTo("moderator");
		assertThat(data.isDialIn()).isTrue();
		assertThat(data.clientsWithRole("visitor")).isEqualTo(2);
	}

	@Test
	void parseAcceptsVisitorDialingIn() {
		WherebyWebhook webhook = parseHandled("room-client-joined-visitor-dial-in.json");
		ClientData data = ((RoomClientJoined) webhook).data();
		assertThat(data.roleName()).isEqualTo("visitor");
		assertThat(data.displayName()).isEqualTo("+44 20 7946 0000");
		assertThat(data.isDialIn()).isTrue();
		assertThat(data.numClients()).isEqualTo(2);
		assertThat(data.numClientsByRoleName()).containsExactlyInAnyOrderEntriesOf(Map.of("host", 1, "visitor", 1));
	}

	@Test
	void parseLeavesOptionalFieldsNullWhenAbsent() {
		WherebyWebhook webhook = parseHandled("""
				{"id":"evt_min","type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme"}}""");
		assertThat(webhook).isEqualTo(new RoomClientJoined("evt_min", null, null,
				new ClientData(null, "/r", null, "acme", null, null, null, null, null, null, Map.of(), null)));
		assertThat(((RoomClientJoined) webhook).data().clientsWithRole("host")).isZero();
	}

	@Test
	void parseDropsNullCountsFromNumClientsByRoleName() {
		WherebyWebhook webhook = parseHandled("""
				{"id":"evt_1","type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme",
				"numClientsByRoleName":{"host":1,"viewer":null}}}""");
		assertThat(((RoomClientJoined) webhook).data().numClientsByRoleName()).isEqualTo(Map.of("host", 1));
	}

	@Test
	void roomUrlOfParsedClientEventIsBuiltFromSubdomainAndRoomName() {
		WherebyWebhook webhook = parseHandled("room-client-joined.json");
		assertThat(webhook.data().roomUrl("whereby.com")).isEqualTo("https://acme.whereby.com/standup-3f2a");
	}

	@Test
	void roomUrlOfParsedRoomEventIsBuiltFromSubdomainAndRoomName() {
		WherebyWebhook webhook = parseHandled("assistant-requested.json");
		assertThat(webhook.data().roomUrl("whereby.com")).isEqualTo("https://acme.whereby.com/standup-3f2a");
	}

	@Test
	void parseIgnoresTranscriptionStartedWhoseDataDoesNotBind() {
		assertThat(parse(fixture("transcription-started.json")))
			.isEqualTo(new ParsedWebhook.Ignored("evt_01JD2KE2TS", "transcription.started"));
	}

	@Test
	void parseIgnoresRecordingFinishedWhoseDataDoesNotBind() {
		assertThat(parse(fixture("recording-finished.json")))
			.isEqualTo(new ParsedWebhook.Ignored("evt_01JD2KF9RF", "recording.finished"));
	}

	@Test
	void parseIgnoresUnknownTypeWithRoomShapedData() {
		assertThat(parse("""
				{"id":"evt_k","type":"room.client.knocked","data":{"roomName":"/r","subdomain":"acme",
				"displayName":"Ada","participantId":"p_1"}}"""))
			.isEqualTo(new ParsedWebhook.Ignored("evt_k", "room.client.knocked"));
	}

	@Test
	void parseIgnoresUnknownTypeWithoutData() {
		assertThat(parse("""
				{"id":"evt_t","type":"transcription.failed"}"""))
			.isEqualTo(new ParsedWebhook.Ignored("evt_t", "transcription.failed"));
	}

	@Test
	void parseIgnoresUnknownTypeWhoseDataIsNotAnObject() {
		assertThat(parse("""
				{"id":"evt_a","type":"transcription.finished","data":["a",{"b":[1,2]}]}"""))
			.isEqualTo(new ParsedWebhook.Ignored("evt_a", "transcription.finished"));
		assertThat(parse("""
				{"id":"evt_s","type":"transcription.finished","data":"done"}"""))
			.isEqualTo(new ParsedWebhook.Ignored("evt_s", "transcription.finished"));
	}

	@Test
	void parseIgnoresUnknownTypeWhoseCreatedAtIsNotADate() {
		assertThat(parse("""
				{"id":"evt_c","type":"recording.finished","createdAt":"soon","data":{}}"""))
			.isEqualTo(new ParsedWebhook.Ignored("evt_c", "recording.finished"));
	}

	@Test
	void parseRefusesMalformedJson() {
		assertRefused("""
				{"id":"evt_1" "type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme"}}""",
				"not valid JSON");
	}

	@Test
	void parseRefusesTruncatedJson() {
		assertRefused("""
				{"id":"evt_1","type":"room.client.joined","data":{"roomName":"/r","subd""", "not valid JSON");
	}

	@Test
	void parseRefusesEmptyBody() {
		assertRefused(new byte[0], "JSON");
	}

	@Test
	void parseRefusesWhitespaceOnlyBody() {
		assertRefused(" \n\t ", "JSON");
	}

	@Test
	void parseRefusesJsonArrayBody() {
		assertRefused("""
				[{"id":"evt_1","type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme"}}]""",
				"must be a JSON object");
		assertRefused("[]", "must be a JSON object");
	}

	@Test
	void parseRefusesJsonStringBody() {
		assertRefused("\"room.client.joined\"", "must be a JSON object");
		assertRefused("\"\"", "must be a JSON object");
	}

	@Test
	void parseRefusesJsonNullBody() {
		assertRefused("null", "must be a JSON object");
	}

	@Test
	void parseRefusesJsonNumberBody() {
		assertRefused("42", "must be a JSON object");
	}

	@Test
	void parseRefusesMissingId() {
		assertRefused("""
				{"type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme"}}""", "'id'");
	}

	@Test
	void parseRefusesBlankId() {
		assertRefused("""
				{"id":" ","type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme"}}""", "'id'");
	}

	@Test
	void parseRefusesMissingIdEvenForUnknownType() {
		assertRefused("""
				{"type":"transcription.started","data":{}}""", "'id'");
	}

	@Test
	void parseRefusesMissingType() {
		assertRefused("""
				{"id":"evt_1","data":{"roomName":"/r","subdomain":"acme"}}""", "'type'");
	}

	@Test
	void parseRefusesMissingDataOnKnownType() {
		assertRefused("""
				{"id":"evt_1","type":"room.session.started"}""", "'data'");
		assertRefused("""
				{"id":"evt_1","type":"room.client.joined","data":null}""", "'data'");
	}

	@Test
	void parseRefusesDataThatIsNotAnObjectOnKnownType() {
		assertRefused("""
				{"id":"evt_1","type":"room.client.joined","data":"acme/r"}""", "'data'");
	}

	@Test
	void parseRefusesMissingRoomName() {
		assertRefused("""
				{"id":"evt_1","type":"room.client.joined","data":{"subdomain":"acme"}}""", "'data.roomName'");
	}

	@Test
	void parseRefusesBlankRoomName() {
		assertRefused("""
				{"id":"evt_1","type":"assistant.requested","data":{"roomName":"  ","subdomain":"acme"}}""",
				"'data.roomName'");
	}

	@Test
	void parseRefusesMissingSubdomain() {
		assertRefused("""
				{"id":"evt_1","type":"room.session.ended","data":{"roomName":"/r"}}""", "'data.subdomain'");
	}

	@Test
	void parseRefusesSubdomainMisspelledAsInTheSeedDocument() {
		assertRefused("""
				{"id":"evt_1","type":"room.session.ended","data":{"roomName":"/r","subdoman":"acme"}}""",
				"'data.subdomain'");
	}

	@Test
	void parseRefusesNumClientsThatIsAString() {
		assertRefused("""
				{"id":"evt_1","type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme",
				"numClients":"two"}}""", "data.numClients");
	}

	@Test
	void parseRefusesNumClientsThatIsANumericString() {
		assertRefused("""
				{"id":"evt_1","type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme",
				"numClients":"2"}}""", "data.numClients");
	}

	@Test
	void parseRefusesNumClientsTooLargeForAnIntNamingTheField() {
		assertRefused("""
				{"id":"evt_1","type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme",
				"numClients":99999999999}}""", "data.numClients");
	}

	@Test
	void parseIgnoresUnknownTypeWhoseNumbersAreTooLargeForTheRoomFields() {
		assertThat(parse("""
				{"id":"evt_r","type":"recording.finished","data":{"numClients":99999999999}}"""))
			.isEqualTo(new ParsedWebhook.Ignored("evt_r", "recording.finished"));
		assertThat(parse("""
				{"id":"evt_r","type":"recording.finished","data":{"numClientsByRoleName":{"host":1e20}}}"""))
			.isEqualTo(new ParsedWebhook.Ignored("evt_r", "recording.finished"));
		assertThat(parse("""
				{"id":"evt_r","type":"recording.finished","createdAt":99999999999999999999999,"data":{}}"""))
			.isEqualTo(new ParsedWebhook.Ignored("evt_r", "recording.finished"));
	}

	@Test
	void parseRefusesNumClientsByRoleNameThatIsAnArray() {
		assertRefused("""
				{"id":"evt_1","type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme",
				"numClientsByRoleName":[{"host":1}]}}""", "data.numClientsByRoleName");
	}

	@Test
	void parseRefusesCreatedAtThatIsNotADate() {
		assertRefused("""
				{"id":"evt_1","createdAt":"yesterday","type":"room.client.joined",
				"data":{"roomName":"/r","subdomain":"acme"}}""", "createdAt");
	}

	@Test
	void parseRefusesInvalidUtf8() {
		assertRefused(withDisplayNameBytes(0xC3, 0x28), "not valid JSON");
		assertRefused(withDisplayNameBytes(0xFF), "not valid JSON");
		assertRefused(withDisplayNameBytes(0x80), "not valid JSON");
		assertRefused(withDisplayNameBytes(0xE2, 0x82), "not valid JSON");
		assertRefused(withDisplayNameBytes(0xED, 0xA0, 0x80), "not valid JSON");
	}

	@Test
	void parseReadsNonAsciiUtf8AsText() {
		WherebyWebhook webhook = parseHandled("""
				{"id":"evt_1","type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme",
				"displayName":"Zoë 会议 🎉"}}""");
		assertThat(((RoomClientJoined) webhook).data().displayName()).isEqualTo("Zoë 会议 🎉");
	}

	@Test
	void parseRefusesUtf16AndUtf32EvenWhenEveryByteIsAscii() {
		// Jackson alone would guess these encodings from the zero bytes and read them.
		String event = """
				{"id":"evt_1","type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme"}}""";
		assertRefused(event.getBytes(StandardCharsets.UTF_16LE), "not valid JSON");
		assertRefused(event.getBytes(StandardCharsets.UTF_16BE), "not valid JSON");
		assertRefused(event.getBytes(Charset.forName("UTF-32LE")), "not valid JSON");
		assertRefused(event.getBytes(Charset.forName("UTF-32BE")), "not valid JSON");
	}

	@Test
	void parseRefusesANulByte() {
		assertRefused(withDisplayNameBytes(0x00), "not valid JSON");
	}

	@Test
	void parseRefusesOverlongUtf8Encoding() {
		// Overlong encodings of '/': invalid UTF-8 (RFC 3629), a classic way to smuggle
		// path characters past a check.
		assertRefused(withDisplayNameBytes(0xC0, 0xAF), "not valid JSON");
		assertRefused(withDisplayNameBytes(0xE0, 0x80, 0xAF), "not valid JSON");
	}

	@Test
	void parseRefusesUtf8BeyondLastCodePoint() {
		// Would be U+110000, past the last Unicode code point.
		assertRefused(withDisplayNameBytes(0xF4, 0x90, 0x80, 0x80), "not valid JSON");
	}

	@Test
	void parseRefusesDeeplyNestedData() {
		String nested = "[".repeat(5000) + "]".repeat(5000);
		assertRefused("{\"id\":\"evt_1\",\"type\":\"room.client.joined\",\"data\":" + nested + "}", "JSON");
		assertRefused("{\"id\":\"evt_1\",\"type\":\"room.client.joined\",\"data\":{\"roomName\":\"/r\","
				+ "\"subdomain\":\"acme\",\"extra\":" + nested + "}}", "JSON");
		assertRefused("{\"id\":\"evt_1\",\"type\":\"room.client.joined\",\"data\":" + "[".repeat(5000), "JSON");
	}

	@Test
	void parseRefusesTrailingGarbage() {
		String event = """
				{"id":"evt_1","type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme"}}""";
		assertRefused(event + "garbage", "JSON");
		assertRefused(event + "{}", "JSON");
		assertRefused(event + event, "JSON");
		assertRefused(event + "]", "JSON");
	}

	@Test
	void parseRefusesTrailingGarbageAfterUnknownType() {
		assertRefused("""
				{"id":"evt_t","type":"transcription.started","data":{}} {}""", "JSON");
	}

	@Test
	void refusalMessageNeverQuotesTheBody() {
		assertThatExceptionOfType(InvalidWebhookException.class).isThrownBy(() -> parse("""
				{"id":"evt_1","type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme",
				"displayName":"secret-name-4711","numClients":"secret-count-4711"}}"""))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("4711"));
	}

	private WherebyWebhook parseHandled(String fixtureOrJson) {
		byte[] body = fixtureOrJson.endsWith(".json") ? fixture(fixtureOrJson)
				: fixtureOrJson.getBytes(StandardCharsets.UTF_8);
		ParsedWebhook parsed = parse(body);
		assertThat(parsed).isInstanceOf(ParsedWebhook.Handled.class);
		WherebyWebhook webhook = ((ParsedWebhook.Handled) parsed).webhook();
		assertThat(parsed.id()).isEqualTo(webhook.id());
		assertThat(parsed.type()).isEqualTo(webhook.type());
		return webhook;
	}

	@ParameterizedTest
	@ValueSource(strings = { ".evil.example/x", "standup", "/room with space", "/r?x=1", "/r#frag", "/r\\\\x" })
	void parseRefusesRoomNameThatIsNotAPathSoTheRoomUrlKeepsItsHost(String roomName) {
		assertRefused("{\"id\":\"evt_1\",\"type\":\"room.session.started\",\"data\":{\"roomName\":" + quoted(roomName)
				+ ",\"subdomain\":\"acme\"}}", "data.roomName");
	}

	@ParameterizedTest
	@ValueSource(strings = { "evil.example/", "acme.evil", "-acme", "acme-", "ac me", "acme:8080" })
	void parseRefusesSubdomainThatIsNotADnsLabel(String subdomain) {
		assertRefused("{\"id\":\"evt_1\",\"type\":\"room.session.started\",\"data\":{\"roomName\":\"/r\","
				+ "\"subdomain\":" + quoted(subdomain) + "}}", "data.subdomain");
	}

	private static String quoted(String value) {
		return "\"" + value.replace("\\", "\\\\") + "\"";
	}

	private ParsedWebhook parse(String json) {
		return parse(json.getBytes(StandardCharsets.UTF_8));
	}

	private ParsedWebhook parse(byte[] body) {
		return this.parser.parse(body);
	}

	private void assertRefused(String json, String messageFragment) {
		assertRefused(json.getBytes(StandardCharsets.UTF_8), messageFragment);
	}

	private void assertRefused(byte[] body, String messageFragment) {
		assertThatExceptionOfType(InvalidWebhookException.class).isThrownBy(() -> parse(body))
			.withMessageContaining(messageFragment);
	}

	private static byte[] fixture(String name) {
		try {
			return new ClassPathResource("webhooks/" + name).getContentAsByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] withDisplayNameBytes(int... bytes) {
		byte[] prefix = """
				{"id":"evt_1","type":"room.client.joined","data":{"roomName":"/r","subdomain":"acme","displayName":\""""
			.getBytes(StandardCharsets.UTF_8);
		byte[] value = new byte[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			value[i] = (byte) bytes[i];
		}
		return concat(prefix, value, "\"}}".getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int offset = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, offset, part.length);
			offset += part.length;
		}
		return all;
	}

}

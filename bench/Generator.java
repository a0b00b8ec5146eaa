import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.SplittableRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes the requests the benchmark replays: one file per wrk thread, each a sequence of
 * records {@code <6-digit length><raw HTTP request without its request line>}, every
 * request a Whereby webhook with a unique event id, signed the way Whereby signs:
 * {@code Whereby-Signature: t=<now>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}.
 * <p>
 * The mix: 45% room.client.joined, 39% room.client.left, 6% room.session.started, 6%
 * room.session.ended, 4% assistant.requested, over many rooms of a few organisations.
 * About one join in five is a host's; with the benchmark's rules
 * ({@code data.roleName == 'host' and data.numClients >= 2} on joins, every
 * assistant.requested) about 11% of the requests fire a trigger.
 * <p>
 * Events are created in order, as Whereby creates them: {@code createdAt} starts now and
 * grows by {@code 1 s / rate} from one event to the next, and consecutive events go to
 * the threads' files in turn, so that every thread replays them in about that order (the
 * service ignores a launch for an event created before the room's assistants were last
 * stopped).
 * <p>
 * Usage: {@code java Generator.java <secret> <out-prefix> <threads> <per-thread> [rooms]
 * [seed] [rate]}; writes {@code <out-prefix>.<n>.req} for n = 1..threads and prints one
 * summary line.
 */
public class Generator {

	private static final String[] SUBDOMAINS = { "acme", "globex", "initech", "umbrella", "hooli", "stark",
			"wayne-ent", "tyrell" };

	private static final String[] GUEST_ROLES = { "member", "visitor", "visitor", "granted_visitor", "viewer" };

	private static final String[] NAMES = { "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret",
			"Ken", "Radia", "Leslie", "Frances", "John" };

	public static void main(String[] args) throws Exception {
		if (args.length < 4) {
			System.err.println(
					"usage: java Generator.java <secret> <out-prefix> <threads> <per-thread> [rooms] [seed] [rate]");
			System.exit(2);
		}
		String secret = args[0];
		String prefix = args[1];
		int threads = Integer.parseInt(args[2]);
		int perThread = Integer.parseInt(args[3]);
		int rooms = (args.length > 4) ? Integer.parseInt(args[4]) : 5000;
		long seed = (args.length > 5) ? Long.parseLong(args[5]) : System.nanoTime();
		long rate = (args.length > 6) ? Long.parseLong(args[6]) : 10_000;
		long now = Instant.now().getEpochSecond();
		long createdNanos = Instant.now().toEpochMilli() * 1_000_000L;
		long stepNanos = Math.max(1, 1_000_000_000L / rate);
		String runId = Long.toString(now, 36) + "-" + Long.toString(seed & 0xffffff, 36);

		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		byte[] signedPrefix = (now + ".").getBytes(StandardCharsets.US_ASCII);
		HexFormat hex = HexFormat.of();
		SplittableRandom random = new SplittableRandom(seed);
		String[] roomNames = new String[rooms];
		for (int i = 0; i < rooms; i++) {
			roomNames[i] = "/" + uuid(random);
		}
		int[] typeCounts = new int[5];
		int firing = 0;
		long bytes = 0;
		long sequence = 0;
		OutputStream[] outs = new OutputStream[threads];
		for (int thread = 0; thread < threads; thread++) {
			outs[thread] = new BufferedOutputStream(Files.newOutputStream(Path.of(prefix + "." + (thread + 1) + ".req")),
					1 << 20);
		}
		try {
			for (long i = 0; i < (long) threads * perThread; i++) {
				OutputStream out = outs[(int) (i % threads)];
				sequence++;
				int room = random.nextInt(rooms);
				String subdomain = SUBDOMAINS[room % SUBDOMAINS.length];
				Instant createdAt = Instant.ofEpochSecond(0, createdNanos + i * stepNanos);
				Event event = event(random, "evt-" + runId + "-" + sequence, roomNames[room], subdomain, createdAt);
				typeCounts[event.kind()]++;
				if (event.fires()) {
					firing++;
				}
				byte[] body = event.json().getBytes(StandardCharsets.UTF_8);
				mac.update(signedPrefix);
				String signature = hex.formatHex(mac.doFinal(body));
				byte[] head = ("Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length
						+ "\r\nWhereby-Signature: t=" + now + ",v1=" + signature + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII);
				int length = head.length + body.length;
				out.write(String.format("%06d", length).getBytes(StandardCharsets.US_ASCII));
				out.write(head);
				out.write(body);
				bytes += 6 + length;
			}
		}
		finally {
			for (OutputStream out : outs) {
				out.close();
			}
		}
		long total = (long) threads * perThread;
		System.out.printf(
				"generated %d requests (%d MB) in %d file(s), t=%d, %d rooms: joined %d, left %d, session.started %d, session.ended %d, assistant.requested %d; %.1f%% fire a trigger%n",
				total, bytes >> 20, threads, now, rooms, typeCounts[0], typeCounts[1], typeCounts[2], typeCounts[3],
				typeCounts[4], 100.0 * firing / total);
	}

	private record Event(int kind, String json, boolean fires) {

	}

	private static Event event(SplittableRandom random, String id, String roomName, String subdomain,
			Instant created) {
		int draw = random.nextInt(100);
		// Whereby sends milliseconds.
		String createdAt = Instant.ofEpochMilli(created.toEpochMilli()).toString();
		String meetingId = Integer.toString(100_000_000 + (roomName.hashCode() & 0x3ffffff));
		String session = uuid(random);
		if (draw < 84) {
			boolean joined = draw < 45;
			boolean host = random.nextInt(5) == 0;
			String role = host ? "host" : GUEST_ROLES[random.nextInt(GUEST_ROLES.length)];
			int numClients = joined ? 1 + random.nextInt(6) : random.nextInt(6);
			int hosts = host ? (joined ? 1 : 0) : random.nextInt(2);
			int others = Math.max(0, numClients - hosts);
			String byRole = (numClients == 0) ? "{}" : "{\"host\":" + hosts + ",\"" + (host ? "visitor" : role)
					+ "\":" + others + "}";
			String name = NAMES[random.nextInt(NAMES.length)];
			String json = "{\"id\":\"" + id + "\",\"apiVersion\":\"1.0\",\"createdAt\":\"" + createdAt
					+ "\",\"type\":\"" + (joined ? "room.client.joined" : "room.client.left")
					+ "\",\"data\":{\"meetingId\":\"" + meetingId + "\",\"roomName\":\"" + roomName
					+ "\",\"roomSessionId\":\"" + session + "\",\"subdomain\":\"" + subdomain
					+ "\",\"displayName\":\"" + name + "\",\"participantId\":\"" + uuid(random)
					+ "\",\"metadata\":null,\"externalId\":null,\"roleName\":\"" + role + "\",\"numClients\":"
					+ numClients + ",\"numClientsByRoleName\":" + byRole + ",\"isDialIn\":false}}";
			return new Event(joined ? 0 : 1, json, joined && host && numClients >= 2);
		}
		int kind = (draw < 90) ? 2 : (draw < 96) ? 3 : 4;
		String type = switch (kind) {
			case 2 -> "room.session.started";
			case 3 -> "room.session.ended";
			default -> "assistant.requested";
		};
		String json = "{\"id\":\"" + id + "\",\"apiVersion\":\"1.0\",\"createdAt\":\"" + createdAt + "\",\"type\":\""
				+ type + "\",\"data\":{\"meetingId\":\"" + meetingId + "\",\"roomName\":\"" + roomName
				+ "\",\"roomSessionId\":\"" + session + "\",\"subdomain\":\"" + subdomain + "\"}}";
		return new Event(kind, json, kind == 4);
	}

	private static String uuid(SplittableRandom random) {
		String hex = Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
		return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-4" + hex.substring(13, 16) + "-a"
				+ hex.substring(17, 20) + "-" + hex.substring(20, 32);
	}

}

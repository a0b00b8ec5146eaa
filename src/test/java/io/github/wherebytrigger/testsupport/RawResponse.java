package io.github.wherebytrigger.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP answer read from a socket, as {@link WebhookClient#sendRaw} returns it.
 *
 * @param status the status code, or 0 when the server closed without answering
 * @param headers the headers, by lower-case name
 * @param body the body
 * @param text the answer as received
 */
public record RawResponse(int status, Map<String, String> headers, String body, String text) {

	/**
	 * Reads one answer: the head, then a body of the given length, a chunked body, or
	 * whatever comes until the connection closes.
	 * @param input what the server sends
	 * @return the answer
	 */
	public static RawResponse read(InputStream input) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		int headEnd = -1;
		byte[] buffer = new byte[8192];
		try {
			while (headEnd < 0) {
				int read = input.read(buffer);
				if (read < 0) {
					break;
				}
				received.write(buffer, 0, read);
				headEnd = received.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
			}
		}
		catch (SocketTimeoutException ex) {
			// Whatever arrived is the answer.
		}
		String all = received.toString(StandardCharsets.ISO_8859_1);
		if (headEnd < 0) {
			return new RawResponse(0, Map.of(), "", all);
		}
		String head = all.substring(0, headEnd);
		String[] lines = head.split("\r\n");
		String[] statusLine = lines[0].split(" ", 3);
		int status = (statusLine.length > 1 && statusLine[1].matches("\\d{3}")) ? Integer.parseInt(statusLine[1]) : 0;
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
		}
		byte[] rest = received.toByteArray();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(rest, headEnd + 4, rest.length - headEnd - 4);
		try {
			if (headers.containsKey("content-length")) {
				long length = Long.parseLong(headers.get("content-length"));
				body.write(input.readNBytes((int) Math.max(0, length - body.size())));
			}
			else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				while (!body.toString(StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n")) {
					int read = input.read(buffer);
					if (read < 0) {
						break;
					}
					body.write(buffer, 0, read);
				}
			}
			else if (status != 204 && status != 304) {
				body.write(input.readAllBytes());
			}
		}
		catch (SocketTimeoutException ex) {
			// Whatever arrived is the body.
		}
		String bodyText = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(body.toByteArray())
				: body.toString(StandardCharsets.UTF_8);
		return new RawResponse(status, headers, bodyText, head + "\r\n\r\n" + bodyText);
	}

	private static String dechunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		String text = new String(chunked, StandardCharsets.ISO_8859_1);
		int position = 0;
		while (position < text.length()) {
			int lineEnd = text.indexOf("\r\n", position);
			if (lineEnd < 0) {
				break;
			}
			String size = text.substring(position, lineEnd).split(";", 2)[0].trim();
			int length = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
			if (length == 0) {
				break;
			}
			int start = lineEnd + 2;
			int end = Math.min(start + length, chunked.length);
			body.write(chunked, start, end - start);
			position = end + 2;
		}
		return body.toString(StandardCharsets.UTF_8);
	}

}

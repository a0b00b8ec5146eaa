package io.github.wherebytrigger.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes an RFC 9457 problem detail straight to a servlet response: the webhook filters'
 * answers and the endpoint's refusals, all in one shape.
 */
final class ProblemDetailWriter {

	private static final JsonMapper json = JsonMapper.builder().build();

	private ProblemDetailWriter() {
	}

	/**
	 * Sets the status and content type and writes the problem; the caller flushes or
	 * completes.
	 * @param response the response, not yet committed
	 * @param status the status
	 * @param detail what a person can do about it
	 * @param instance the webhook path
	 */
	static void write(HttpServletResponse response, HttpStatus status, String detail, String instance)
			throws IOException {
		byte[] body = body(status, detail, instance);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/**
	 * The problem's JSON.
	 * @param status the status
	 * @param detail what a person can do about it
	 * @param instance the webhook path
	 * @return the UTF-8 bytes of the problem
	 */
	static byte[] body(HttpStatus status, String detail, String instance) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("detail", detail);
		problem.put("instance", instance);
		problem.put("status", status.value());
		problem.put("title", status.getReasonPhrase());
		return json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
	}

}

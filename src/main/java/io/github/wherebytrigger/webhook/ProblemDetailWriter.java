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
 * Writes an RFC 9457 problem detail straight to a servlet response, for the answers the
 * webhook filters give before (or instead of) Spring MVC, in the same shape as the
 * endpoint's.
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
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("detail", detail);
		problem.put("instance", instance);
		problem.put("status", status.value());
		problem.put("title", status.getReasonPhrase());
		byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}

package io.github.wherebytrigger.trigger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets the dry run take the webhook as Whereby sends it. Actuator reads an operation's
 * arguments from the top-level fields of the body as strings, so a webhook posted as it
 * is ({@code {"id": ..., "data": {...}}}) failed with "Failed to read request"; this
 * filter wraps such a body, its bytes as they were, into the {@code {"webhook": "..."}}
 * form {@link TriggersEndpoint} takes. A body already in that form passes unchanged.
 */
final class DryRunBodyFilter extends OncePerRequestFilter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The largest body wrapped: more than any webhook the endpoint accepts.
	 */
	private static final int MAX_BODY = 1024 * 1024;

	private final String path;

	/**
	 * Creates the filter.
	 * @param path the path of the triggers endpoint, e.g. {@code /actuator/triggers}
	 */
	DryRunBodyFilter(String path) {
		this.path = path;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.POST.matches(request.getMethod()) || !request.getRequestURI().endsWith(this.path);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
		byte[] forwarded = (body.length > MAX_BODY || isWrapped(body)) ? body
				: JSON.writeValueAsBytes(Map.of("webhook", new String(body, StandardCharsets.UTF_8)));
		chain.doFilter(new BodyRequest(request, forwarded), response);
	}

	private static boolean isWrapped(byte[] body) {
		try {
			JsonNode tree = JSON.readTree(body);
			return tree != null && tree.isObject() && tree.size() == 1 && tree.path("webhook").isString();
		}
		catch (JacksonException ex) {
			// Not JSON: the dry run says why, as the webhook endpoint would.
			return false;
		}
	}

	/**
	 * The request with another body.
	 */
	private static final class BodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			InputStream input = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() throws IOException {
					return input.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					return input.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return false;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException();
				}

			};
		}

	}

}

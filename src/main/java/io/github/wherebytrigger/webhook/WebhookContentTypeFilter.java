package io.github.wherebytrigger.webhook;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 415 to a webhook POST whose body is not declared as JSON, before Spring MVC
 * sees it: routing parses the Content-Type and fails with a 500 on a wildcard such as
 * {@code *}{@code /*}.
 */
final class WebhookContentTypeFilter extends OncePerRequestFilter {

	private final String path;

	private final WebhookMetrics metrics;

	WebhookContentTypeFilter(String path, WebhookMetrics metrics) {
		this.path = path;
		this.metrics = metrics;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !isWebhookPost(request, this.path);
	}

	/**
	 * Whether a request is a POST to the webhook path (below the application's context
	 * path, if it has one): the only requests the webhook filters look at.
	 */
	static boolean isWebhookPost(HttpServletRequest request, String path) {
		// The request URI starts with the context path ("" without one).
		String uri = request.getRequestURI();
		int contextLength = request.getContextPath().length();
		return HttpMethod.POST.matches(request.getMethod()) && uri.length() == contextLength + path.length()
				&& uri.startsWith(path, contextLength);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isJson(request.getContentType())) {
			chain.doFilter(request, response);
			return;
		}
		long start = System.nanoTime();
		ProblemDetailWriter.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"Webhook bodies must be sent as application/json, not " + describe(request.getContentType()),
				this.path);
		this.metrics.refused(WebhookMetrics.UNKNOWN_TYPE, "unsupported-media-type",
				"Content-Type " + describe(request.getContentType()), start);
	}

	static boolean isJson(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType mediaType = MediaType.parseMediaType(contentType);
			return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(mediaType);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static String describe(@Nullable String contentType) {
		if (contentType == null) {
			return "without a Content-Type";
		}
		return (contentType.length() <= 100 && contentType.chars().allMatch((c) -> c >= 0x20 && c < 0x7f))
				? "'" + contentType + "'" : "this Content-Type";
	}

}

package io.github.wherebytrigger.system;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Answers the servlet container's error dispatches (a request body Tomcat could not read,
 * a failure before Spring MVC) with an RFC 9457 problem detail, like every other error of
 * this service, instead of Boot's default error JSON. Never a stack trace or a message of
 * an exception.
 */
final class ProblemDetailErrors {

	private ProblemDetailErrors() {
	}

	static RouterFunction<ServerResponse> routes(String errorPath) {
		return RouterFunctions.route()
			.route((request) -> request.path().equals(errorPath), ProblemDetailErrors::answer)
			.build();
	}

	private static ServerResponse answer(ServerRequest request) {
		HttpServletRequest servletRequest = request.servletRequest();
		Object code = servletRequest.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null)
				? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status));
		Object uri = servletRequest.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path && path.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException ex) {
				// Not a URI: leave the instance out.
			}
		}
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static String detail(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> "The request could not be read";
			case NOT_FOUND -> "Nothing is served at this path";
			default -> status.is5xxServerError() ? "The request failed on the server" : status.getReasonPhrase();
		};
	}

}

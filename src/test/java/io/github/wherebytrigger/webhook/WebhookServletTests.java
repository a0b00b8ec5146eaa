package io.github.wherebytrigger.webhook;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * How {@link WebhookServlet} answers whatever the endpoint's future holds, whichever
 * thread completes it and whenever: the race of an action thread finishing before the
 * servlet looks is played here deterministically.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookServletTests {

	private final WebhookEndpoint endpoint = mock(WebhookEndpoint.class);

	private final WebhookServlet servlet = new WebhookServlet(this.endpoint, "/webhooks");

	private final MockHttpServletRequest request = post();

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void aFutureThatFailedBeforeTheServletLooksIsAnswered500AndLogged(CapturedOutput output) throws Exception {
		given(this.endpoint.receive(any()))
			.willReturn(CompletableFuture.failedFuture(new IllegalStateException("launcher bug")));
		this.servlet.service(this.request, this.response);
		assertThat(this.request.isAsyncStarted()).isFalse();
		assertFailedWith500(output);
	}

	@Test
	void aFutureThatFailsLaterIsAnswered500AndLogged(CapturedOutput output) throws Exception {
		CompletableFuture<WebhookAnswer> later = new CompletableFuture<>();
		given(this.endpoint.receive(any())).willReturn(later);
		this.servlet.service(this.request, this.response);
		assertThat(this.request.isAsyncStarted()).isTrue();
		later.completeExceptionally(new IllegalStateException("launcher bug"));
		assertThat(this.request.isAsyncStarted()).isFalse();
		assertFailedWith500(output);
	}

	private void assertFailedWith500(CapturedOutput output) throws Exception {
		assertThat(this.response.getStatus()).isEqualTo(500);
		assertThat(this.response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(this.response.getContentAsString()).contains("The request failed on the server")
			.doesNotContain("launcher bug");
		assertThat(output).contains("Handling a webhook failed, answering 500").contains("launcher bug");
	}

	private static MockHttpServletRequest post() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks");
		request.setAsyncSupported(true);
		return request;
	}

}

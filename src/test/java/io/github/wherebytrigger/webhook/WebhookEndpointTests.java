package io.github.wherebytrigger.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.mockito.Answers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.ResultHandler;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import jakarta.servlet.ServletContext;
import org.jspecify.annotations.Nullable;
import java.time.Duration;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.github.wherebytrigger.state.StateConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The webhook endpoint in a web slice, with a mocked {@link WebhookHandler}: every status
 * code and outcome it answers.
 */
@SpringBootTest(classes = WebhookEndpointTests.Config.class,
		properties = { "whereby.webhook.signing-secrets=" + WebhookEndpointTests.SECRET,
				"whereby.webhook.max-body-size=2KB" })
@ImportAutoConfiguration({ StateConfiguration.class, WebhookConfiguration.class })
@RecordApplicationEvents
@ExtendWith(OutputCaptureExtension.class)
class WebhookEndpointTests {

	static final String SECRET = "whsec_endpoint_tests_secret";

	static final long NOW = 1_795_169_700L;

	@Autowired
	private ServletContext servletContext;

	@Autowired
	private ServletRegistrationBean<WebhookServlet> servlet;

	@Autowired
	private FilterRegistrationBean<WebhookContentTypeFilter> contentTypeFilter;

	@Autowired
	private FilterRegistrationBean<WebhookBodyFilter> bodyFilter;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private ApplicationEvents events;

	// prepare(..) by default hands every webhook to the stubbed handle(..).
	@MockitoBean(answers = Answers.CALLS_REAL_METHODS)
	private WebhookHandler handler;

	private final Map<Meter.Id, Long> countsBefore = new HashMap<>();

	@Test
	void getAnswers200ForProbes() throws Exception {
		send(get("/webhooks")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("ready"));
	}

	@Test
	void headAnswers200ForProbesWithoutABody() throws Exception {
		send(request(HttpMethod.HEAD, "/webhooks")).andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.APPLICATION_JSON))
			.andExpect(content().string(""));
	}

	@Test
	void unexpectedFailureOfAWebhookThatActsIsAnswered500AndLogged(CapturedOutput output) throws Exception {
		given(this.handler.handle(any(), anyLong())).willThrow(new IllegalStateException("launcher bug"));
		send(signed(joined("evt-bug"))).andExpect(status().isInternalServerError())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("The request failed on the server"))
			.andExpect(content().string(not(containsString("launcher bug"))));
		assertThat(output).contains("Handling a webhook failed, answering 500").contains("launcher bug");
		assertThat(timerCount("room.client.joined", "error")).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(value = WebhookOutcome.class, names = { "LAUNCHED", "NOT_TRIGGERED", "ALREADY_RUNNING", "DISABLED" })
	void signedWebhookIsAnsweredWithTheHandlersOutcome(WebhookOutcome outcome) throws Exception {
		given(this.handler.handle(any(), anyLong())).willReturn(new WebhookResult("evt-" + outcome,
				"room.client.joined", outcome, List.of("host-joined"), "https://acme.whereby.com/standup"));
		send(signed(joined("evt-" + outcome))).andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.id").value("evt-" + outcome))
			.andExpect(jsonPath("$.type").value("room.client.joined"))
			.andExpect(jsonPath("$.outcome").value(outcome.value()))
			.andExpect(jsonPath("$.triggers[0]").value("host-joined"))
			.andExpect(jsonPath("$.roomUrl").value("https://acme.whereby.com/standup"));
		assertThat(timerCount("room.client.joined", outcome.value())).isEqualTo(1);
	}

	@Test
	void webhookIsPublishedAsApplicationEventWithItsRecord() throws Exception {
		givenHandlerLaunches();
		send(signed(joined("evt-published"))).andExpect(status().isOk());
		assertThat(this.events.stream(WherebyWebhook.class)).singleElement()
			.isInstanceOfSatisfying(RoomClientJoined.class, (joined) -> {
				assertThat(joined.id()).isEqualTo("evt-published");
				assertThat(joined.data().roleName()).isEqualTo("host");
			});
	}

	@Test
	void redeliveryOfHandledEventAnswersDuplicateWithoutHandlingAgain() throws Exception {
		givenHandlerLaunches();
		byte[] body = joined("evt-twice");
		send(signed(body)).andExpect(jsonPath("$.outcome").value("launched"));
		send(signed(body)).andExpect(status().isOk())
			.andExpect(jsonPath("$.outcome").value("duplicate"))
			.andExpect(jsonPath("$.triggers[0]").value("host-joined"));
		then(this.handler).should(times(1)).handle(any(), anyLong());
		assertThat(this.events.stream(WherebyWebhook.class)).hasSize(1);
	}

	@Test
	void eventTypeThisServiceDoesNotActOnIsAnsweredIgnored() throws Exception {
		byte[] body = """
				{"id":"evt-knock","type":"room.client.knocked","data":{"roomName":"/r","subdomain":"acme"}}"""
			.getBytes(StandardCharsets.UTF_8);
		send(signed(body)).andExpect(status().isOk())
			.andExpect(jsonPath("$.outcome").value("ignored"))
			.andExpect(jsonPath("$.type").value("room.client.knocked"));
		then(this.handler).should(never()).handle(any(), anyLong());
		assertThat(timerCount("other", "ignored")).isEqualTo(1);
	}

	@Test
	void failedHandlingAnswers503WithRetryAfterAndRedeliveryIsHandledAgain() throws Exception {
		given(this.handler.handle(any(), anyLong()))
			.willThrow(new RetryLaterException("The assistant launcher failed", null))
			.willReturn(launched("evt-retry"));
		byte[] body = joined("evt-retry");
		send(signed(body)).andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "1"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(503))
			.andExpect(jsonPath("$.detail").value("The assistant launcher failed"));
		send(signed(body)).andExpect(status().isOk()).andExpect(jsonPath("$.outcome").value("launched"));
		then(this.handler).should(times(2)).handle(any(), anyLong());
		assertThat(timerCount("room.client.joined", "unavailable")).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "application/xml", "application/x-www-form-urlencoded", "not a type",
			"application/jsonp" })
	void nonJsonContentTypeIsAnswered415(String contentType) throws Exception {
		send(post("/webhooks").contentType(contentType).content(joined("evt-415")))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(415));
		then(this.handler).should(never()).handle(any(), anyLong());
	}

	@Test
	void underAContextPathTheWebhookFiltersStillApply() throws Exception {
		send(post("/api/webhooks").contextPath("/api").contentType("text/plain").content(joined("evt-context")))
			.andExpect(status().isUnsupportedMediaType());
	}

	@Test
	void missingContentTypeIsAnswered415() throws Exception {
		send(post("/webhooks").content(joined("evt-415"))).andExpect(status().isUnsupportedMediaType());
	}

	@Test
	void jsonWithCharsetIsAccepted() throws Exception {
		givenHandlerLaunches();
		byte[] body = joined("evt-charset");
		send(post("/webhooks").contentType("application/json; charset=utf-8")
			.header(WebhookEndpoint.SIGNATURE_HEADER, WebhookSignatureVerifier.sign(SECRET, NOW, body))
			.content(body)).andExpect(status().isOk());
	}

	@Test
	void bodyOverTheLimitIsAnswered413() throws Exception {
		byte[] body = joinedWithName("evt-big", "x".repeat(3000));
		send(signed(body)).andExpect(status().isContentTooLarge())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("2048 bytes")));
		then(this.handler).should(never()).handle(any(), anyLong());
	}

	@Test
	void missingSignatureIsAnswered401() throws Exception {
		send(post("/webhooks").contentType(MediaType.APPLICATION_JSON).content(joined("evt-unsigned")))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Unauthorized"));
		then(this.handler).should(never()).handle(any(), anyLong());
		assertThat(timerCount("unknown", "unauthorized")).isEqualTo(1);
	}

	@Test
	void signatureWithAnotherSecretIsAnswered401WithoutEchoingIt() throws Exception {
		byte[] body = joined("evt-forged");
		String forged = WebhookSignatureVerifier.sign("whsec_someone_else", NOW, body);
		send(post("/webhooks").contentType(MediaType.APPLICATION_JSON)
			.header(WebhookEndpoint.SIGNATURE_HEADER, forged)
			.content(body)).andExpect(status().isUnauthorized())
			.andExpect(content().string(not(containsString(forged.substring(forged.indexOf("v1=") + 3)))))
			.andExpect(content().string(not(containsString(SECRET))));
	}

	@Test
	void refusedSignatureIsLoggedAtInfoWithItsReasonButNotTheSignature(CapturedOutput output) throws Exception {
		byte[] body = joined("evt-skewed");
		String signature = WebhookSignatureVerifier.sign(SECRET, NOW - 301, body);
		send(post("/webhooks").contentType(MediaType.APPLICATION_JSON)
			.header(WebhookEndpoint.SIGNATURE_HEADER, signature)
			.content(body)).andExpect(status().isUnauthorized());
		assertThat(output).contains("INFO")
			.contains("Webhook refused: unauthorized (signature expired: ")
			.doesNotContain(signature.substring(signature.indexOf("v1=") + 3))
			.doesNotContain(SECRET);
	}

	@ParameterizedTest
	@ValueSource(strings = { "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE" })
	void otherMethodsAreAnswered405NamingTheAllowedOnes(String method) throws Exception {
		send(request(HttpMethod.valueOf(method), "/webhooks").contentType(MediaType.APPLICATION_JSON)
			.content(joined("evt-405"))).andExpect(status().isMethodNotAllowed())
			.andExpect(header().string("Allow", "GET,HEAD,POST"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(405));
		then(this.handler).should(never()).handle(any(), anyLong());
	}

	@Test
	void expiredSignatureIsAnswered401() throws Exception {
		byte[] body = joined("evt-old");
		send(post("/webhooks").contentType(MediaType.APPLICATION_JSON)
			.header(WebhookEndpoint.SIGNATURE_HEADER, WebhookSignatureVerifier.sign(SECRET, NOW - 301, body))
			.content(body)).andExpect(status().isUnauthorized());
	}

	@Test
	void tamperedBodyIsAnswered401() throws Exception {
		byte[] body = joined("evt-tampered");
		String signature = WebhookSignatureVerifier.sign(SECRET, NOW, body);
		byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("host", "owner")
			.getBytes(StandardCharsets.UTF_8);
		send(post("/webhooks").contentType(MediaType.APPLICATION_JSON)
			.header(WebhookEndpoint.SIGNATURE_HEADER, signature)
			.content(tampered)).andExpect(status().isUnauthorized());
	}

	@Test
	void malformedJsonIsAnswered400() throws Exception {
		send(signed("{\"id\":\"evt-broken\",".getBytes(StandardCharsets.UTF_8))).andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("not valid JSON")));
	}

	@Test
	void missingRoomNameIsAnswered400NamingTheField() throws Exception {
		byte[] body = """
				{"id":"evt-noroom","type":"room.session.started","data":{"subdomain":"acme"}}"""
			.getBytes(StandardCharsets.UTF_8);
		send(signed(body)).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("data.roomName")));
		assertThat(timerCount("unknown", "invalid")).isEqualTo(1);
	}

	private void givenHandlerLaunches() {
		given(this.handler.handle(any(), anyLong()))
			.willAnswer((invocation) -> launched(invocation.<WherebyWebhook>getArgument(0).id()));
	}

	private static WebhookResult launched(String id) {
		return new WebhookResult(id, "room.client.joined", WebhookOutcome.LAUNCHED, List.of("host-joined"),
				"https://acme.whereby.com/standup");
	}

	/**
	 * Sends a request through the webhook filters to the webhook servlet, as Tomcat
	 * would, and returns its answer for MockMvc's matchers: for a webhook that acts (the
	 * handler's default prepare(..)), the answer completed on the webhook action threads.
	 */
	private ResultActions send(MockHttpServletRequestBuilder builder) throws Exception {
		MockHttpServletRequest request = builder.buildRequest(this.servletContext);
		request.setAsyncSupported(true);
		MockHttpServletResponse response = new MockHttpServletResponse();
		new MockFilterChain(this.servlet.getServlet(), this.contentTypeFilter.getFilter(), this.bodyFilter.getFilter())
			.doFilter(request, response);
		await().atMost(Duration.ofSeconds(10)).until(() -> !request.isAsyncStarted());
		return new ServletResult(request, response);
	}

	private static MockHttpServletRequestBuilder signed(byte[] body) {
		return post("/webhooks").contentType(MediaType.APPLICATION_JSON)
			.header(WebhookEndpoint.SIGNATURE_HEADER, WebhookSignatureVerifier.sign(SECRET, NOW, body))
			.content(body);
	}

	private static byte[] joined(String id) {
		return joinedWithName(id, "Ada");
	}

	private static byte[] joinedWithName(String id, String displayName) {
		return ("{\"id\":\"" + id + "\",\"apiVersion\":\"1.0\",\"createdAt\":\"2026-11-20T10:15:00.000Z\","
				+ "\"type\":\"room.client.joined\",\"data\":{\"roomName\":\"/standup\",\"subdomain\":\"acme\","
				+ "\"roleName\":\"host\",\"displayName\":\"" + displayName + "\",\"participantId\":\"p_1\","
				+ "\"numClients\":1,\"numClientsByRoleName\":{\"host\":1}}}")
			.getBytes(StandardCharsets.UTF_8);
	}

	@BeforeEach
	void rememberCounts() {
		this.countsBefore.clear();
		this.meterRegistry.find(WebhookMetrics.WEBHOOKS)
			.timers()
			.forEach((timer) -> this.countsBefore.put(timer.getId(), timer.count()));
	}

	/**
	 * How many requests of that type and outcome this test made: the context, and so the
	 * registry, is shared between tests.
	 */
	private long timerCount(String type, String outcome) {
		var timer = this.meterRegistry.find(WebhookMetrics.WEBHOOKS).tag("type", type).tag("outcome", outcome).timer();
		return (timer != null) ? timer.count() - this.countsBefore.getOrDefault(timer.getId(), 0L) : 0;
	}

	/**
	 * A servlet's answer, for the matchers MockMvc gives (it has no handler, model or
	 * flash map of its own).
	 */
	private record ServletResult(MockHttpServletRequest getRequest,
			MockHttpServletResponse getResponse) implements MvcResult, ResultActions {

		@Override
		public @Nullable Object getHandler() {
			return null;
		}

		@Override
		public HandlerInterceptor @Nullable [] getInterceptors() {
			return null;
		}

		@Override
		public @Nullable ModelAndView getModelAndView() {
			return null;
		}

		@Override
		public @Nullable Exception getResolvedException() {
			return null;
		}

		@Override
		public FlashMap getFlashMap() {
			return new FlashMap();
		}

		@Override
		public Object getAsyncResult() {
			throw new IllegalStateException("A servlet's answer has no asynchronous result of MVC's");
		}

		@Override
		public Object getAsyncResult(long timeToWait) {
			return getAsyncResult();
		}

		@Override
		public ResultActions andExpect(ResultMatcher matcher) throws Exception {
			matcher.match(this);
			return this;
		}

		@Override
		public ResultActions andDo(ResultHandler handler) throws Exception {
			handler.handle(this);
			return this;
		}

		@Override
		public MvcResult andReturn() {
			return this;
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		Clock clock() {
			return Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}

package io.github.wherebytrigger.deploy;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.wherebytrigger.testsupport.WebhookBodies;
import io.github.wherebytrigger.testsupport.WebhookClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard shipped in the chart queries the meters the service really
 * exports, with the labels they really have: every metric and label a panel uses is
 * compared with the application's own Prometheus scrape.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "whereby.webhook.signing-secrets=" + GrafanaDashboardIntegrationTests.SECRET,
				"whereby.triggers.rules.everyone.event=room.client.joined" })
class GrafanaDashboardIntegrationTests {

	static final String SECRET = "whsec_dashboard";

	private static final Path DASHBOARD = Path.of("helm", "whereby-trigger", "dashboards", "whereby-trigger.json");

	/**
	 * Labels Prometheus adds when it scrapes (target labels) or that histograms carry.
	 */
	private static final Set<String> SCRAPE_LABELS = Set.of("namespace", "job", "pod", "instance", "le");

	private static final Pattern METRIC = Pattern.compile("\\b(whereby_[a-z_]+)\\s*(\\{([^}]*)\\})?");

	private static final Pattern MATCHER_LABEL = Pattern.compile("([a-z_]+)\\s*=~?\\s*\"");

	private static final Pattern BY_CLAUSE = Pattern
		.compile("by\\s*\\(([^)]*)\\)\\s*\\(\\s*rate\\(\\s*(whereby_[a-z_]+)");

	@LocalServerPort
	private int port;

	@Test
	void everyQueryOfTheDashboardUsesExportedMetricsAndLabels() throws Exception {
		WebhookClient client = new WebhookClient(this.port, SECRET);
		produceEveryKindOfMeter(client);
		Map<String, Set<String>> exported = exportedLabelsByMetric(client.get("/actuator/prometheus").body());
		Map<String, Set<String>> queried = queriedLabelsByMetric();
		assertThat(queried).as("the dashboard queries whereby metrics").isNotEmpty();
		queried.forEach((metric, labels) -> {
			assertThat(exported).as("metric %s used by the dashboard is exported", metric).containsKey(metric);
			Set<String> used = new LinkedHashSet<>(labels);
			used.removeAll(SCRAPE_LABELS);
			assertThat(exported.get(metric)).as("labels of %s", metric).containsAll(used);
		});
		assertThat(queried.keySet()).as("panels cover the service's meters")
			.contains("whereby_webhooks_seconds_count", "whereby_trigger_evaluations_total",
					"whereby_launches_seconds_count", "whereby_launches_seconds_bucket", "whereby_stops_seconds_count",
					"whereby_assistants_running");
	}

	/**
	 * Traffic that registers each meter: a launch, a stop, a refusal.
	 */
	private static void produceEveryKindOfMeter(WebhookClient client) throws IOException, InterruptedException {
		String room = "/dash-" + UUID.randomUUID();
		post(client, WebhookBodies.joined("evt-" + UUID.randomUUID(), room, "host"));
		post(client, WebhookBodies.roomEvent("evt-" + UUID.randomUUID(), "room.session.ended", room));
		client.send(client.webhookRequest().POST(HttpRequest.BodyPublishers.ofString("{}")).build());
	}

	private static Map<String, Set<String>> queriedLabelsByMetric() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		List<String> expressions = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				expressions.add(target.get("expr").asString());
			}
		}
		Map<String, Set<String>> queried = new LinkedHashMap<>();
		for (String expression : expressions) {
			Matcher metric = METRIC.matcher(expression);
			while (metric.find()) {
				Set<String> labels = queried.computeIfAbsent(metric.group(1), (name) -> new LinkedHashSet<>());
				if (metric.group(3) != null) {
					Matcher label = MATCHER_LABEL.matcher(metric.group(3));
					while (label.find()) {
						labels.add(label.group(1));
					}
				}
			}
			Matcher by = BY_CLAUSE.matcher(expression);
			while (by.find()) {
				for (String label : by.group(1).split(",")) {
					queried.get(by.group(2)).add(label.strip());
				}
			}
		}
		return queried;
	}

	private static Map<String, Set<String>> exportedLabelsByMetric(String scrape) {
		Map<String, Set<String>> exported = new LinkedHashMap<>();
		Pattern line = Pattern.compile("^(whereby_[a-z_]+)(\\{([^}]*)\\})?\\s", Pattern.MULTILINE);
		Matcher matcher = line.matcher(scrape);
		while (matcher.find()) {
			Set<String> labels = exported.computeIfAbsent(matcher.group(1), (name) -> new LinkedHashSet<>());
			if (matcher.group(3) != null) {
				Matcher label = Pattern.compile("([a-z_]+)=\"").matcher(matcher.group(3));
				while (label.find()) {
					labels.add(label.group(1));
				}
			}
		}
		return exported;
	}

	private static void post(WebhookClient client, String body) throws IOException, InterruptedException {
		assertThat(client.deliver(body).statusCode()).isEqualTo(200);
	}

}

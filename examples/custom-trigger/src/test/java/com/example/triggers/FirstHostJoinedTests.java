package com.example.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole service, started from this application, with the trigger of this package:
 * it is listed by Actuator and launches on a signed webhook of a host joining.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "WHEREBY_SIGNING_SECRET=" + FirstHostJoinedTests.SECRET)
class FirstHostJoinedTests {

    static final String SECRET = "whsec_example";

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Test
    void actuatorListsTheTrigger() throws Exception {
        String triggers = get("/actuator/triggers");

        List<String> names = JsonPath.read(triggers, "$.triggers[*].name");
        assertThat(names).containsExactly("first-host-joined");
        assertThat((List<String>) JsonPath.read(triggers, "$.triggers[*].event")).containsExactly("room.client.joined");
    }

    @Test
    void firstHostLaunchesTheAssistantAndAGuestDoesNot() throws Exception {
        HttpResponse<String> guest = deliver(joined("evt-guest", "/standup", "guest", "{\"guest\": 1}"));
        assertThat(guest.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(guest.body(), "$.outcome")).isEqualTo("not-triggered");

        HttpResponse<String> host = deliver(joined("evt-host", "/standup", "host", "{\"guest\": 1, \"host\": 1}"));
        assertThat(host.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(host.body(), "$.outcome")).isEqualTo("launched");
        assertThat((List<String>) JsonPath.read(host.body(), "$.triggers")).containsExactly("first-host-joined");
        assertThat((String) JsonPath.read(host.body(), "$.roomUrl")).isEqualTo("https://acme.whereby.com/standup");
    }

    @Test
    void unsignedWebhookIsRefused() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/webhooks"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(joined("evt-forged", "/other", "host", "{\"host\": 1}")))
                .build();

        assertThat(this.http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    private static String joined(String id, String roomName, String role, String counts) {
        return """
                {"id": "%s", "apiVersion": "1.0", "createdAt": "%s", "type": "room.client.joined",
                 "data": {"roomName": "%s", "subdomain": "acme", "roleName": "%s",
                          "numClients": 1, "numClientsByRoleName": %s}}"""
                .formatted(id, Instant.now(), roomName, role, counts);
    }

    /** Sends a webhook signed as Whereby signs it: HMAC-SHA256 of "timestamp.body". */
    private HttpResponse<String> deliver(String body) throws Exception {
        long timestamp = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of()
                .formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(uri("/webhooks"))
                .header("Content-Type", "application/json")
                .header("Whereby-Signature", "t=" + timestamp + ",v1=" + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return this.http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).GET().build();
        HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + this.port + path);
    }

}

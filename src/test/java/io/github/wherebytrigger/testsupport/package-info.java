/**
 * Helpers shared by the tests that run the application and talk to it over HTTP.
 * <ul>
 * <li>{@link io.github.wherebytrigger.testsupport.WebhookClient}: sends webhooks signed
 * as Whereby signs them, plain GETs and raw requests over a socket
 * ({@link io.github.wherebytrigger.testsupport.RawResponse} is the answer of those).</li>
 * <li>{@link io.github.wherebytrigger.testsupport.WebhookBodies}: webhook JSON bodies as
 * Whereby sends them.</li>
 * <li>{@link io.github.wherebytrigger.testsupport.RecordingLauncher}: an
 * {@code AssistantLauncher} bean that records launches and stops, and can fail or be
 * slow.</li>
 * <li>{@link io.github.wherebytrigger.testsupport.SecretLeakCheck}: a JUnit extension
 * that fails the test class if a secret shows in a log line or an answer.</li>
 * <li>{@link io.github.wherebytrigger.testsupport.TestRedis}: a JUnit extension that
 * gives the test class a running Redis, or skips it.</li>
 * </ul>
 */
package io.github.wherebytrigger.testsupport;

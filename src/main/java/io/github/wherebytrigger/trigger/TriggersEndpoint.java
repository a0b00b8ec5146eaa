package io.github.wherebytrigger.trigger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.MediaType;

import io.github.wherebytrigger.launch.AssistantCoordinator;
import io.github.wherebytrigger.launch.LaunchOutcome;
import io.github.wherebytrigger.launch.RoomPlan;
import io.github.wherebytrigger.webhook.WebhookInspector;
import io.github.wherebytrigger.webhook.WebhookOutcome;
import io.github.wherebytrigger.webhook.WherebyWebhook;

/**
 * {@code /actuator/triggers}: {@code GET} lists every trigger with its evaluation counts;
 * {@code POST} with a webhook (as Whereby sends it) is a dry run that says which triggers
 * would fire and what the webhook would have answered, without launching or recording
 * anything. No signature is needed: keep Actuator on the management port, away from the
 * internet.
 */
@Endpoint(id = "triggers")
public class TriggersEndpoint {

	private final TriggerRegistry registry;

	private final TriggerEvaluator evaluator;

	private final Set<String> enabledTypes;

	private final WebhookInspector inspector;

	private final AssistantCoordinator assistants;

	private final String roomBaseDomain;

	TriggersEndpoint(TriggerRegistry registry, TriggerEvaluator evaluator, Set<String> enabledTypes,
			WebhookInspector inspector, AssistantCoordinator assistants, String roomBaseDomain) {
		this.registry = registry;
		this.evaluator = evaluator;
		this.enabledTypes = Set.copyOf(enabledTypes);
		this.inspector = inspector;
		this.assistants = assistants;
		this.roomBaseDomain = roomBaseDomain;
	}

	/**
	 * Lists every trigger.
	 * @return the triggers, by discovery order within each event type
	 */
	@ReadOperation
	public Triggers triggers() {
		List<TriggerView> triggers = new ArrayList<>();
		for (Trigger trigger : this.registry.all()) {
			Trigger.Counts counts = trigger.counts();
			triggers.add(new TriggerView(trigger.name(), trigger.type().wireName(), trigger.source(),
					trigger.assistant(), this.enabledTypes.contains(trigger.type().wireName()), counts.evaluations(),
					counts.fired(), counts.notFired(), counts.errors(), counts.timeouts()));
		}
		return new Triggers(triggers);
	}

	/**
	 * Dry-runs a webhook, posted as Whereby sends it, or as a string in
	 * {@code {"webhook": "..."}} (Actuator hands operations the top-level fields of the
	 * body: {@link DryRunBodyFilter} wraps a webhook posted as it is).
	 * @param webhook the webhook's JSON, the bytes as Whereby would send them
	 * @return what would happen, or a 400 problem detail with the reason the endpoint
	 * would refuse it
	 */
	@WriteOperation
	public WebEndpointResponse<Object> dryRun(String webhook) {
		WebhookInspector.Inspection inspection;
		try {
			inspection = this.inspector.inspect(webhook.getBytes(StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return problem(String.valueOf(ex.getMessage()));
		}
		return new WebEndpointResponse<>(dryRun(inspection), WebEndpointResponse.STATUS_OK);
	}

	private static WebEndpointResponse<Object> problem(String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", "Bad Request");
		problem.put("status", WebEndpointResponse.STATUS_BAD_REQUEST);
		problem.put("detail", detail);
		return new WebEndpointResponse<>(problem, WebEndpointResponse.STATUS_BAD_REQUEST,
				MediaType.APPLICATION_PROBLEM_JSON);
	}

	private DryRunResult dryRun(WebhookInspector.Inspection inspection) {
		WherebyWebhook webhook = inspection.webhook();
		if (webhook == null) {
			return new DryRunResult(inspection.id(), inspection.type(), null, WebhookOutcome.IGNORED.value(), false,
					List.of(), List.of(), Map.of());
		}
		String roomUrl = webhook.data().roomUrl(this.roomBaseDomain);
		List<TriggerEvaluator.DryRun> results = this.evaluator.dryRun(webhook);
		List<TriggerResult> triggers = results.stream()
			.map((result) -> new TriggerResult(result.trigger().name(), result.trigger().assistant(),
					result.trigger().source(), result.fired(), result.error()))
			.toList();
		Set<String> launching = new LinkedHashSet<>();
		for (TriggerEvaluator.DryRun result : results) {
			if (result.fired()) {
				launching.add(result.trigger().assistant());
			}
		}
		// The same rules as the real handling, on what the room-state store holds now.
		boolean enabled = this.enabledTypes.contains(webhook.type());
		RoomPlan plan = this.assistants.plan(webhook, roomUrl, enabled ? launching : Set.of());
		Map<String, String> launches = new LinkedHashMap<>();
		for (String assistant : launching) {
			LaunchOutcome outcome = plan.launches().get(assistant);
			if (outcome != null) {
				launches.put(assistant, TriggerWebhookHandler.outcome(outcome).value());
			}
		}
		String outcome = inspection.duplicate() ? WebhookOutcome.DUPLICATE.value()
				: !enabled ? WebhookOutcome.DISABLED.value()
						: launching.isEmpty() ? WebhookOutcome.NOT_TRIGGERED.value()
								: TriggerWebhookHandler.outcome(LaunchOutcome.of(plan.launches().values())).value();
		return new DryRunResult(webhook.id(), webhook.type(), roomUrl, outcome, plan.stopsAssistants(),
				inspection.duplicate() ? List.of() : plan.stopped(), triggers, launches);
	}

	/**
	 * The answer of {@code GET}.
	 *
	 * @param triggers every trigger
	 */
	public record Triggers(List<TriggerView> triggers) {

	}

	/**
	 * A trigger and its evaluations since start.
	 *
	 * @param name the trigger's name
	 * @param event the event type it evaluates
	 * @param source the bean (and its class) or the rule it comes from
	 * @param assistant the assistant it starts
	 * @param enabled whether its event type is in {@code whereby.triggers.enabled}
	 * @param evaluations how many times it was evaluated
	 * @param fired how many evaluations gave true
	 * @param notFired how many gave false
	 * @param errors how many failed
	 * @param timeouts how many missed the deadline
	 */
	public record TriggerView(String name, String event, String source, String assistant, boolean enabled,
			long evaluations, long fired, long notFired, long errors, long timeouts) {

	}

	/**
	 * The answer of a dry run.
	 *
	 * @param id the event id
	 * @param type the event type
	 * @param roomUrl the room URL, {@code null} for ignored types
	 * @param outcome the outcome the webhook would have had
	 * @param stopsAssistants whether it is a stop event (a meeting's end, a host's
	 * removal of the assistant)
	 * @param stopped the assistants whose launch in this room it would stop, as in the
	 * answer of the real handling
	 * @param triggers each trigger of the type with its result or error
	 * @param launches for each assistant whose triggers fired: launched, already-running,
	 * stale or removed, as the real handling would decide now (it would also ask the
	 * launcher whether an already-running assistant still runs)
	 */
	public record DryRunResult(String id, String type, @Nullable String roomUrl, String outcome,
			boolean stopsAssistants, List<String> stopped, List<TriggerResult> triggers, Map<String, String> launches) {

	}

	/**
	 * A trigger's result in a dry run.
	 *
	 * @param name the trigger's name
	 * @param assistant the assistant it starts
	 * @param source where it comes from
	 * @param fired whether it would fire
	 * @param error why it could not decide, {@code null} when it did
	 */
	public record TriggerResult(String name, String assistant, String source, boolean fired, @Nullable String error) {

	}

}

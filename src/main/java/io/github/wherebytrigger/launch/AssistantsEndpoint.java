package io.github.wherebytrigger.launch;

import java.time.Instant;
import java.util.List;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/assistants}: the assistants this instance believes are running, with
 * what their launcher says of them.
 */
@Endpoint(id = "assistants")
public class AssistantsEndpoint {

	private final AssistantCoordinator coordinator;

	AssistantsEndpoint(AssistantCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	/**
	 * Lists the running assistants, oldest first.
	 * @return the running assistants
	 */
	@ReadOperation
	public RunningAssistants assistants() {
		return new RunningAssistants(this.coordinator.running()
			.stream()
			.map((state) -> new Entry(state.assistant().assistant(), state.assistant().roomUrl(),
					state.assistant().since(), state.assistant().launchKey(), state.launcher(), state.state()))
			.toList());
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param assistants the running assistants
	 */
	public record RunningAssistants(List<Entry> assistants) {

	}

	/**
	 * One running assistant.
	 *
	 * @param assistant the assistant's name
	 * @param roomUrl the room it was launched into
	 * @param since when it was launched
	 * @param launchKey the key it was launched with
	 * @param launcher the type of its launcher
	 * @param state what the launcher says of it
	 */
	public record Entry(String assistant, String roomUrl, Instant since, String launchKey, String launcher,
			String state) {

	}

}

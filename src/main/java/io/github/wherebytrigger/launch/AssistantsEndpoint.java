package io.github.wherebytrigger.launch;

import java.time.Instant;
import java.util.List;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/assistants}: the assistants the room-state store records as running
 * (with Redis: those of every replica), with what their launcher says of them.
 */
@Endpoint(id = "assistants")
public class AssistantsEndpoint {

	private final RecordedAssistants running;

	AssistantsEndpoint(RecordedAssistants running) {
		this.running = running;
	}

	/**
	 * Lists the running assistants, oldest first.
	 * @return the running assistants
	 */
	@ReadOperation
	public RunningAssistants assistants() {
		return new RunningAssistants(this.running.list()
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

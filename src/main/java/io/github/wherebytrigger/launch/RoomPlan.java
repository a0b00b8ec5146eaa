package io.github.wherebytrigger.launch;

import java.util.List;
import java.util.Map;

/**
 * What handling a webhook would do to the assistants of its room, decided by the same
 * rules as the handling itself, for the dry run.
 *
 * @param stopsAssistants whether the webhook is a stop event (or a host's removal of the
 * assistant)
 * @param stopped the assistants it would stop, by name
 * @param launches for each assistant whose triggers fired, what its launch would come to
 * (without calling the launcher: {@link LaunchOutcome#LAUNCHED} or a reason not to)
 */
public record RoomPlan(boolean stopsAssistants, List<String> stopped, Map<String, LaunchOutcome> launches) {

	public RoomPlan {
		stopped = List.copyOf(stopped);
		launches = Map.copyOf(launches);
	}

}

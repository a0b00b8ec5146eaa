package io.github.wherebytrigger.launch;

import org.springframework.context.ApplicationEvent;

/**
 * Published by a launcher when an assistant it launched ended on its own (its process
 * exited, say), so that its room is free for the next launch.
 */
public class AssistantEndedEvent extends ApplicationEvent {

	private final String assistant;

	private final String subdomain;

	private final String roomName;

	private final String launchKey;

	/**
	 * Creates the event.
	 * @param source the launcher
	 * @param request the request the ended assistant was launched with
	 */
	public AssistantEndedEvent(Object source, LaunchRequest request) {
		super(source);
		this.assistant = request.assistant();
		this.subdomain = request.subdomain();
		this.roomName = request.roomName();
		this.launchKey = request.launchKey();
	}

	/**
	 * Creates the event for an assistant known only as running, such as one found at
	 * start-up (see {@link AssistantLauncher#recover()}).
	 * @param source the launcher
	 * @param assistant the ended assistant
	 */
	public AssistantEndedEvent(Object source, RunningAssistant assistant) {
		super(source);
		this.assistant = assistant.assistant();
		this.subdomain = assistant.subdomain();
		this.roomName = assistant.roomName();
		this.launchKey = assistant.launchKey();
	}

	public String getAssistant() {
		return this.assistant;
	}

	public String getSubdomain() {
		return this.subdomain;
	}

	public String getRoomName() {
		return this.roomName;
	}

	public String getLaunchKey() {
		return this.launchKey;
	}

}

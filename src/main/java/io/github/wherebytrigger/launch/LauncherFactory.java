package io.github.wherebytrigger.launch;

/**
 * Creates the launchers of one {@code whereby.launcher.type}, such as {@code kubernetes}.
 * Each kind of launcher lives in its own package and contributes one of these; the core
 * knows kinds only through them.
 */
public interface LauncherFactory {

	/**
	 * The value of {@code whereby.launcher.type} (or
	 * {@code whereby.assistants.<name>.type}) this factory serves.
	 * @return the type, for example {@code http}
	 */
	String type();

	/**
	 * Creates the launcher of one assistant.
	 * @param context the assistant's name and settings
	 * @return the launcher
	 */
	AssistantLauncher create(LauncherContext context);

}

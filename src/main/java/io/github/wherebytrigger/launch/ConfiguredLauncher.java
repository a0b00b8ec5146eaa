package io.github.wherebytrigger.launch;

/**
 * The launcher of one named assistant, with the type it was configured with (the tag of
 * its metrics and health).
 *
 * @param assistant the assistant's name
 * @param type the launcher type, for example {@code kubernetes}, or {@code custom} for a
 * user-defined launcher bean
 * @param launcher the launcher
 * @param maxConcurrentCalls how many calls to it may run at once; more wait their turn
 * within their deadline
 */
record ConfiguredLauncher(String assistant, String type, AssistantLauncher launcher, int maxConcurrentCalls) {

	ConfiguredLauncher(String assistant, String type, AssistantLauncher launcher) {
		this(assistant, type, launcher, LauncherProperties.DEFAULT_MAX_CONCURRENT_LAUNCHES);
	}

}

package io.github.wherebytrigger.launch.log;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.wherebytrigger.system.LogText;
import io.github.wherebytrigger.launch.AssistantLauncher;
import io.github.wherebytrigger.launch.LaunchRequest;
import io.github.wherebytrigger.launch.StopRequest;

/**
 * Logs each launch and stop at INFO and starts nothing: the default until a real launcher
 * is configured, and a safe way to try rules.
 */
class LoggingAssistantLauncher implements AssistantLauncher {

	private static final Log logger = LogFactory.getLog(LoggingAssistantLauncher.class);

	@Override
	public void launch(LaunchRequest request) {
		logger.info("Would launch assistant '" + request.assistant() + "' into " + LogText.escape(request.roomUrl())
				+ " (triggers " + request.triggers() + ", event " + LogText.escape(request.webhook().id())
				+ ", launch key " + LogText.escape(request.launchKey()) + ")");
	}

	@Override
	public void stop(StopRequest request) {
		if (request.launchKey() == null) {
			return;
		}
		logger.info("Would stop assistant '" + request.assistant() + "' in " + LogText.escape(request.roomUrl())
				+ " (launch key " + LogText.escape(request.launchKey()) + ", event "
				+ LogText.escape(request.webhook().id()) + ")");
	}

}

package com.example.extension;

import io.github.wherebytrigger.trigger.TriggerPredicate;
import io.github.wherebytrigger.trigger.WherebyTrigger;
import io.github.wherebytrigger.webhook.AssistantRequested;

/**
 * A trigger as a user's extension jar would hold it, outside the service's packages:
 * {@code ContainerImageIntegrationTests} puts it in a jar on the image's extension path.
 */
@WherebyTrigger(value = "assistant.requested", name = "invited-by-extension")
public class InvitedByExtension implements TriggerPredicate<AssistantRequested> {

	@Override
	public boolean test(AssistantRequested requested) {
		return true;
	}

}

package com.example.app.triggers;

import io.github.wherebytrigger.trigger.TriggerPredicate;
import io.github.wherebytrigger.trigger.WherebyTrigger;
import io.github.wherebytrigger.webhook.RoomClientJoined;

import org.springframework.stereotype.Component;

/** A user's trigger class that is also a {@code @Component}: one bean, one trigger. */
@Component
@WherebyTrigger(value = "room.client.joined", name = "host-joined")
public class HostJoinedComponent implements TriggerPredicate<RoomClientJoined> {

	@Override
	public boolean test(RoomClientJoined joined) {
		return "host".equals(joined.data().roleName());
	}

}

package com.example.app.triggers;

import io.github.wherebytrigger.trigger.TriggerPredicate;
import io.github.wherebytrigger.trigger.WherebyTrigger;
import io.github.wherebytrigger.webhook.RoomClientJoined;

/** A user's trigger class without {@code @Component}. */
@WherebyTrigger("room.client.joined")
public class GuestJoined implements TriggerPredicate<RoomClientJoined> {

	@Override
	public boolean test(RoomClientJoined joined) {
		return "guest".equals(joined.data().roleName());
	}

}

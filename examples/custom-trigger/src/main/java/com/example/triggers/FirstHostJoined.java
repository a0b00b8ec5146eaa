package com.example.triggers;

import io.github.wherebytrigger.trigger.TriggerPredicate;
import io.github.wherebytrigger.trigger.WherebyTrigger;
import io.github.wherebytrigger.webhook.RoomClientJoined;

/**
 * Starts the assistant when the first host joins a room. No @Component needed: the
 * service finds @WherebyTrigger classes in the application's packages.
 */
@WherebyTrigger(value = "room.client.joined", name = "first-host-joined")
public class FirstHostJoined implements TriggerPredicate<RoomClientJoined> {

    @Override
    public boolean test(RoomClientJoined joined) {
        return "host".equals(joined.data().roleName())
                && joined.data().numClientsByRoleName().getOrDefault("host", 0) == 1;
    }

}

package io.github.wherebytrigger.launch;

import io.github.wherebytrigger.state.RoomStateStore;
import io.github.wherebytrigger.state.RoomStateStores;

/**
 * The room ordering rules with the memory store.
 */
class MemoryStoreRoomOrderingTests extends RoomOrderingContract {

	@Override
	RoomStateStore newStore() {
		return RoomStateStores.memory();
	}

}

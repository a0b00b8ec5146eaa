package io.github.wherebytrigger.state;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MemoryRoomStateStore}.
 */
class MemoryRoomStateStoreTests extends RoomStateStoreContract {

	private final MemoryRoomStateStore store = new MemoryRoomStateStore(100);

	@Override
	RoomStateStore store() {
		return this.store;
	}

	@Test
	void claimEventWhenMoreIdsThanTheMostKeptShouldForgetSomeInsteadOfGrowing() {
		for (int i = 0; i < 1000; i++) {
			this.store.claimEvent("evt-" + i, "c", Duration.ofMinutes(1));
		}
		int kept = 0;
		for (int i = 0; i < 1000; i++) {
			kept += (this.store.event("evt-" + i) != null) ? 1 : 0;
		}
		assertThat(kept).isLessThanOrEqualTo(100);
	}

	@Test
	void kindShouldBeMemory() {
		assertThat(this.store.kind()).isEqualTo("memory");
	}

}

package io.github.wherebytrigger.state;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RoomStateStore} does, run against each implementation.
 */
abstract class RoomStateStoreContract {

	abstract RoomStateStore store();

	/**
	 * Lets the store's clock pass a time (memory: waits; Redis: waits, its keys expire on
	 * their own).
	 */
	void pass(Duration time) throws InterruptedException {
		Thread.sleep(time.toMillis());
	}

	@Test
	void claimEventWhenIdIsFreeShouldClaimItOnceOnly() {
		assertThat(store().claimEvent("evt-1", "c1", Duration.ofSeconds(5))).isTrue();
		assertThat(store().claimEvent("evt-1", "c2", Duration.ofSeconds(5))).isFalse();
		assertThat(store().event("evt-1")).isEqualTo("c1");
	}

	@Test
	void settleEventShouldPromoteOnlyTheClaimItHolds() {
		store().claimEvent("evt-1", "c1", Duration.ofSeconds(5));
		assertThat(store().settleEvent("evt-1", "c2", "h", Duration.ofMinutes(1))).isFalse();
		assertThat(store().settleEvent("evt-1", "c1", "h", Duration.ofMinutes(1))).isTrue();
		assertThat(store().event("evt-1")).isEqualTo("h");
		assertThat(store().claimEvent("evt-1", "c3", Duration.ofSeconds(5))).isFalse();
	}

	@Test
	void settleEventWithoutRecordShouldReleaseTheIdForARedelivery() {
		store().claimEvent("evt-1", "c1", Duration.ofSeconds(5));
		assertThat(store().settleEvent("evt-1", "c1", null, Duration.ofMinutes(1))).isTrue();
		assertThat(store().event("evt-1")).isNull();
		assertThat(store().claimEvent("evt-1", "c2", Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void claimEventWhenLeaseIsOverShouldLetAnotherClaimIt() throws InterruptedException {
		store().claimEvent("evt-1", "c1", Duration.ofMillis(100));
		pass(Duration.ofMillis(300));
		assertThat(store().claimEvent("evt-1", "c2", Duration.ofSeconds(5))).isTrue();
		assertThat(store().settleEvent("evt-1", "c1", null, Duration.ofMinutes(1))).as("the expired claim's release")
			.isFalse();
		assertThat(store().event("evt-1")).isEqualTo("c2");
	}

	@Test
	void replaceRoomShouldCompareAndSet() {
		assertThat(store().room("default:acme/standup")).isNull();
		assertThat(store().replaceRoom("default:acme/standup", null, "one", Duration.ofMinutes(1))).isTrue();
		assertThat(store().replaceRoom("default:acme/standup", null, "two", Duration.ofMinutes(1))).isFalse();
		assertThat(store().replaceRoom("default:acme/standup", "other", "two", Duration.ofMinutes(1))).isFalse();
		assertThat(store().replaceRoom("default:acme/standup", "one", "two", Duration.ofMinutes(1))).isTrue();
		assertThat(store().room("default:acme/standup")).isEqualTo("two");
		assertThat(store().rooms()).containsEntry("default:acme/standup", "two");
	}

	@Test
	void replaceRoomWithNothingShouldDeleteOnlyTheRecordItRead() {
		store().replaceRoom("default:acme/café-会議", null, "one", Duration.ofMinutes(1));
		assertThat(store().replaceRoom("default:acme/café-会議", "two", null, Duration.ofMinutes(1))).isFalse();
		assertThat(store().replaceRoom("default:acme/café-会議", "one", null, Duration.ofMinutes(1))).isTrue();
		assertThat(store().room("default:acme/café-会議")).isNull();
		assertThat(store().rooms()).doesNotContainKey("default:acme/café-会議");
	}

	@Test
	void roomShouldBeForgottenAfterItsTimeToLive() throws InterruptedException {
		store().replaceRoom("default:acme/standup", null, "one", Duration.ofMillis(100));
		pass(Duration.ofMillis(300));
		assertThat(store().room("default:acme/standup")).isNull();
	}

	@Test
	void pingShouldAnswer() {
		store().ping();
	}

}

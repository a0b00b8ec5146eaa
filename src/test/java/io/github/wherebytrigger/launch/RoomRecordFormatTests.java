package io.github.wherebytrigger.launch;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.wherebytrigger.launch.RoomRecord.Claim;
import io.github.wherebytrigger.launch.RoomRecord.Ended;
import io.github.wherebytrigger.launch.RoomRecord.Removal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RoomRecordFormat}.
 */
class RoomRecordFormatTests {

	private static final Instant AT = Instant.parse("2026-12-01T10:15:30.123Z");

	@Test
	void aFullRecordShouldReadBackEqual() {
		RoomRecord record = new RoomRecord(
				new Claim("default:acme/standup@s-2#3", "s-2", AT, AT.plusMillis(5), "https://acme.whereby.com/standup",
						AT.plusSeconds(5)),
				List.of(new Ended("s-1", AT.minusSeconds(60)), new Ended(null, AT.minusSeconds(30))),
				new Removal("s-2", AT.plusSeconds(1)), "s-2", 3);
		assertThat(RoomRecordFormat.read(RoomRecordFormat.write(record))).isEqualTo(record);
	}

	@Test
	void anEmptyRecordAndMissingFieldsShouldReadBackEqual() {
		RoomRecord launched = new RoomRecord(
				new Claim("default:acme/standup@event-e1#1", null, null, AT, "https://acme.whereby.com/standup", null),
				List.of(), null, "event-e1", 1);
		assertThat(RoomRecordFormat.read(RoomRecordFormat.write(launched))).isEqualTo(launched);
		RoomRecord nothing = new RoomRecord(null, List.of(new Ended(null, null)), null, null, 0);
		assertThat(RoomRecordFormat.read(RoomRecordFormat.write(nothing))).isEqualTo(nothing);
	}

	@Test
	void anUnsureLaunchShouldReadBackEqualAndARecordWithoutOneShouldStillRead() {
		RoomRecord unsure = new RoomRecord(null, List.of(), null, "s-2", 0,
				new Claim("default:acme/standup@s-2#1", "s-2", AT, AT, "https://acme.whereby.com/standup", null));
		assertThat(RoomRecordFormat.read(RoomRecordFormat.write(unsure))).isEqualTo(unsure);
		// Written before unsure launches were kept: six fields.
		assertThat(RoomRecordFormat.read("1\u001f\u001f\u001f\u001fs-2\u001f1"))
			.isEqualTo(new RoomRecord(null, List.of(), null, "s-2", 1));
	}

	@Test
	void separatorsPercentSignsAndUnicodeInPayloadValuesShouldNotBreakTheRecord() {
		String session = "s\u001f1\u001e%2\u001d\u001c会議\u202e";
		RoomRecord record = new RoomRecord(new Claim("default:acme/café-会議@" + session + "#1", session, AT, AT,
				"https://acme.whereby.com/café-会議", null), List.of(new Ended(session, AT)), new Removal(session, AT),
				session, 1);
		String stored = RoomRecordFormat.write(record);
		assertThat(RoomRecordFormat.read(stored)).isEqualTo(record);
	}

	@Test
	void aValueOfAnotherVersionOrMalformedShouldBeRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RoomRecordFormat.read("{\"claim\":null}"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RoomRecordFormat.read("2\u001f\u001f\u001f\u001f\u001f0"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RoomRecordFormat.read("1\u001fkey\u001e\u001e\u001e\u001f\u001f\u001f\u001f0"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RoomRecordFormat.read("1\u001f\u001f\u001f\u001f\u001fx"));
	}

}

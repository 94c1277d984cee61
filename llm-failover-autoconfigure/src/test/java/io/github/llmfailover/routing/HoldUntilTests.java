package io.github.llmfailover.routing;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hold only moves later, and a move is news when the hold starts or grows by a second.
 */
class HoldUntilTests {

	private static final long NOW = 1_000_000;

	private final HoldUntil hold = new HoldUntil();

	@Test
	void aNewHoldHoldsUntilItsEnd() {
		assertThat(this.hold.holds(NOW)).isFalse();
		assertThat(this.hold.until(NOW)).isNull();
		assertThat(this.hold.extend(NOW + 5000)).isZero();
		assertThat(this.hold.holds(NOW + 4999)).isTrue();
		assertThat(this.hold.holds(NOW + 5000)).isFalse();
		assertThat(this.hold.until(NOW)).isEqualTo(Instant.ofEpochMilli(NOW + 5000));
		assertThat(this.hold.until(NOW + 5000)).isNull();
	}

	@Test
	void aShorterOrEqualEndLeavesTheLongerOne() {
		this.hold.extend(NOW + 5000);
		assertThat(this.hold.extend(NOW + 3000)).isEqualTo(-1);
		assertThat(this.hold.extend(NOW + 5000)).isEqualTo(-1);
		assertThat(this.hold.untilMillis()).isEqualTo(NOW + 5000);
		assertThat(this.hold.extend(NOW + 8000)).isEqualTo(NOW + 5000);
		assertThat(this.hold.untilMillis()).isEqualTo(NOW + 8000);
	}

	@Test
	void whatIsLeftIsCountedInWholeSecondsAndAtLeastOne() {
		this.hold.extend(NOW + 2500);
		assertThat(this.hold.secondsLeft(NOW)).isEqualTo(2);
		assertThat(this.hold.secondsLeft(NOW + 2400)).isEqualTo(1);
	}

	@Test
	void clearingEndsTheHoldAtOnce() {
		this.hold.extend(NOW + 5000);
		this.hold.clear();
		assertThat(this.hold.holds(NOW)).isFalse();
		assertThat(this.hold.extend(NOW + 1)).isZero();
	}

	@Test
	void aMoveIsNewsWhenTheHoldStartsOrGrowsByASecond() {
		assertThat(HoldUntil.isNews(0, NOW + 10, NOW)).isTrue();
		assertThat(HoldUntil.isNews(NOW, NOW + 10, NOW)).isTrue();
		assertThat(HoldUntil.isNews(NOW + 5000, NOW + 5999, NOW)).isFalse();
		assertThat(HoldUntil.isNews(NOW + 5000, NOW + 6000, NOW)).isTrue();
	}

}

package io.github.llmfailover.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.github.llmfailover.routing.FailoverHarness.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code Retry-After} cooldown: the longest wait wins, the listeners hear the waits
 * asked here but not those another instance passed on, and it ends by itself or on a
 * reset.
 */
class CooldownTests {

	private final MutableClock clock = new MutableClock();

	private final List<Instant> heard = new CopyOnWriteArrayList<>();

	private final Cooldown cooldown = new Cooldown("openai", this.clock, new ProviderStateListener() {

		@Override
		public void cooldownStarted(String provider, Instant until) {
			CooldownTests.this.heard.add(until);
		}

	});

	@Test
	void aCooldownKeepsTheProviderOutForAsLongAsItAsked() {
		long now = this.clock.millis();
		this.cooldown.coolDown(Duration.ofSeconds(10));
		assertThat(this.cooldown.isCoolingDown(this.clock.millis())).isTrue();
		assertThat(this.cooldown.heldBackUntilMillis()).isBetween(now + 10_000, this.clock.millis() + 10_000);
		assertThat(this.cooldown.until(this.clock.millis()))
			.isEqualTo(Instant.ofEpochMilli(this.cooldown.heldBackUntilMillis()));
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.cooldown.isCoolingDown(this.clock.millis())).isFalse();
		assertThat(this.cooldown.until(this.clock.millis())).isNull();
		assertThat(this.cooldown.unavailableReason(this.clock.millis())).isNull();
	}

	@Test
	void aShorterWaitLeavesTheLongerCooldownAndIsNotHeard() {
		this.cooldown.coolDown(Duration.ofSeconds(10));
		long until = this.cooldown.heldBackUntilMillis();
		this.cooldown.coolDown(Duration.ofSeconds(5));
		assertThat(this.cooldown.heldBackUntilMillis()).isEqualTo(until);
		assertThat(this.heard).containsExactly(Instant.ofEpochMilli(until));
		this.cooldown.coolDown(Duration.ofSeconds(30));
		assertThat(this.heard).hasSize(2).last().isEqualTo(Instant.ofEpochMilli(this.cooldown.heldBackUntilMillis()));
	}

	@Test
	void aCooldownFromAnotherInstanceIsKeptButNotHeardAgain() {
		Instant until = this.clock.instant().plusSeconds(20);
		this.cooldown.coolDownUntil(until);
		assertThat(this.cooldown.until(this.clock.millis())).isEqualTo(until);
		this.cooldown.coolDownUntil(until.minusSeconds(10));
		assertThat(this.cooldown.until(this.clock.millis())).isEqualTo(until);
		assertThat(this.heard).isEmpty();
	}

	@Test
	void theReasonSaysHowManySecondsAreLeft() {
		this.cooldown.coolDownUntil(Instant.ofEpochMilli(this.clock.millis() + 7_500));
		assertThat(this.cooldown.unavailableReason(this.clock.millis())).isEqualTo("openai cooling down for 7s");
	}

	@Test
	void clearingEndsTheCooldown() {
		this.cooldown.coolDown(Duration.ofSeconds(10));
		this.cooldown.clear();
		assertThat(this.cooldown.isCoolingDown(this.clock.millis())).isFalse();
	}

}

package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A provider's {@code Retry-After} cooldown: it asked to be left alone for a while (a
 * 429, 503 or 529 that named its wait), or another instance of the fleet was asked so.
 * Kept apart from the circuit breaker because the provider said how long, so it comes
 * back by itself at that time rather than after the breaker's wait.
 */
final class Cooldown implements HoldsBack {

	// Logged under the provider's category, which operators know and filter on.
	private static final Log logger = LogFactory.getLog(RoutedProvider.class);

	private final String provider;

	private final Clock clock;

	private final ProviderStateListener listener;

	private final HoldUntil hold = new HoldUntil();

	Cooldown(String provider, Clock clock, ProviderStateListener listener) {
		this.provider = provider;
		this.clock = clock;
		this.listener = listener;
	}

	/**
	 * Keep the provider out of rotation for as long as it asked, unless it already is for
	 * longer; the listeners hear it. Logged when the cooldown starts or grows by at least
	 * a second, not for each request in flight that meets the same rate limit.
	 * @param duration how long it asked to be left alone
	 */
	void coolDown(Duration duration) {
		long now = this.clock.millis();
		long until = now + duration.toMillis();
		long previous = this.hold.extend(until);
		if (previous < 0) {
			return;
		}
		this.listener.cooldownStarted(this.provider, Instant.ofEpochMilli(until));
		if (HoldUntil.isNews(previous, until, now)) {
			logger.info("LLM provider '" + this.provider + "' asked to back off; out of rotation for "
					+ duration.toMillis() + " ms");
		}
	}

	/**
	 * Keep the provider out of rotation until the given time, as a {@code Retry-After}
	 * would: another instance was asked to back off, and already told the fleet, so the
	 * listeners do not hear it again. A longer cooldown is kept.
	 * @param until when the cooldown ends
	 */
	void coolDownUntil(Instant until) {
		this.hold.extend(until.toEpochMilli());
	}

	boolean isCoolingDown(long nowMillis) {
		return this.hold.holds(nowMillis);
	}

	@Override
	public long heldBackUntilMillis() {
		return this.hold.untilMillis();
	}

	/**
	 * When the cooldown ends, for snapshots.
	 * @param nowMillis the current time
	 * @return the end, or {@code null} when the provider is not cooling down
	 */
	@Nullable Instant until(long nowMillis) {
		return this.hold.until(nowMillis);
	}

	@Override
	public @Nullable String unavailableReason(long nowMillis) {
		return isCoolingDown(nowMillis) ? this.provider + " cooling down for " + this.hold.secondsLeft(nowMillis) + "s"
				: null;
	}

	/**
	 * End the cooldown at once, as an operator's reset does.
	 */
	void clear() {
		this.hold.clear();
	}

}

package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The budget of {@link RetryBudget#of}: a token bucket whose deposits and withdrawals
 * expire after a sliding window, like Finagle's. The balance is the reserve
 * ({@code minRetriesPerSecond} times the window) plus what the window's requests
 * deposited ({@code percent} of a token each) minus the tokens its retries took. The
 * window is kept as ten slices, so that it slides in steps of a tenth.
 */
final class WindowedRetryBudget implements RetryBudget {

	private static final int SLICES = 10;

	/** Tokens are counted in thousandths, so that a deposit of 20 % is a whole number. */
	private static final long TOKEN = 1000;

	private final long deposit;

	private final long reserve;

	private final long sliceMillis;

	private final Clock clock;

	private final long[] sums = new long[SLICES];

	private final long[] sliceNumbers = new long[SLICES];

	private final LongAdder rejected = new LongAdder();

	WindowedRetryBudget(double percent, int minRetriesPerSecond, Duration window, Clock clock) {
		if (percent < 0 || minRetriesPerSecond < 0) {
			throw new IllegalArgumentException("percent and minRetriesPerSecond must not be negative, were " + percent
					+ " and " + minRetriesPerSecond);
		}
		if (window.toMillis() < SLICES) {
			throw new IllegalArgumentException("window must be at least " + SLICES + " ms, was " + window);
		}
		this.deposit = Math.round(percent * TOKEN / 100);
		this.reserve = minRetriesPerSecond * window.toMillis() * TOKEN / 1000;
		this.sliceMillis = window.toMillis() / SLICES;
		this.clock = clock;
	}

	@Override
	public synchronized void deposit() {
		add(this.deposit);
	}

	@Override
	public boolean tryWithdraw() {
		synchronized (this) {
			if (balance() >= TOKEN) {
				add(-TOKEN);
				return true;
			}
		}
		this.rejected.increment();
		return false;
	}

	@Override
	public synchronized void refund(int tokens) {
		add(tokens * TOKEN);
	}

	@Override
	public synchronized long available() {
		return Math.max(0, balance() / TOKEN);
	}

	@Override
	public long rejected() {
		return this.rejected.sum();
	}

	private void add(long amount) {
		long slice = this.clock.millis() / this.sliceMillis;
		int slot = (int) Math.floorMod(slice, (long) SLICES);
		if (this.sliceNumbers[slot] != slice) {
			this.sliceNumbers[slot] = slice;
			this.sums[slot] = 0;
		}
		this.sums[slot] += amount;
	}

	private long balance() {
		long slice = this.clock.millis() / this.sliceMillis;
		long balance = this.reserve;
		for (int slot = 0; slot < SLICES; slot++) {
			if (slice - this.sliceNumbers[slot] < SLICES) {
				balance += this.sums[slot];
			}
		}
		return balance;
	}

	@Override
	public String toString() {
		return "WindowedRetryBudget{" + this.deposit * 100.0 / TOKEN + " %, " + this.reserve / TOKEN
				+ " tokens of reserve over " + this.sliceMillis * SLICES + " ms}";
	}

}

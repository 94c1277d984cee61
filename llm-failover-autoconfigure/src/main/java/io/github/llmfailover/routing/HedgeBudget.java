package io.github.llmfailover.routing;

import java.util.concurrent.atomic.LongAdder;

/**
 * The hedges requests may send, as a token bucket: each hedged request adds a share of a
 * token, each hedge takes a whole one. Counts hedges sent, won and cancelled.
 */
public final class HedgeBudget {

	private final double perRequest;

	private double tokens = Hedging.BUCKET_CAPACITY;

	private final LongAdder sent = new LongAdder();

	private final LongAdder won = new LongAdder();

	private final LongAdder cancelled = new LongAdder();

	HedgeBudget(double perRequest) {
		this.perRequest = perRequest;
	}

	synchronized void deposit() {
		this.tokens = Math.min(Hedging.BUCKET_CAPACITY, this.tokens + this.perRequest);
	}

	synchronized boolean tryWithdraw() {
		if (this.tokens < 1) {
			return false;
		}
		this.tokens -= 1;
		return true;
	}

	void sent() {
		this.sent.increment();
	}

	void won() {
		this.won.increment();
	}

	void cancelled() {
		this.cancelled.increment();
	}

	/**
	 * Hedges sent so far.
	 * @return the count
	 */
	public long hedgesSent() {
		return this.sent.sum();
	}

	/**
	 * Hedges whose answer came first.
	 * @return the count
	 */
	public long hedgesWon() {
		return this.won.sum();
	}

	/**
	 * Calls cancelled because the other call of a hedged request answered first.
	 * @return the count
	 */
	public long callsCancelled() {
		return this.cancelled.sum();
	}

}

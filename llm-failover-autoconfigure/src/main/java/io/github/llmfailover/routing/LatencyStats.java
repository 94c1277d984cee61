package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.TokenUsage;

/**
 * One provider's recent latency: the time to a whole answer, or to a stream's first
 * token, of its last successful attempts, for hedging delays; percentiles come from the
 * last {@value #SAMPLES} of them. And two decaying averages for latency-aware shares: the
 * time to a stream's first token, and a whole answer's time per output token, so that
 * long and short answers compare.
 */
final class LatencyStats {

	static final int SAMPLES = 128;

	/** Fewer answers than this say too little about the tail. */
	static final int MIN_SAMPLES = 20;

	private final long[] nanos = new long[SAMPLES];

	private int next;

	private int count;

	private final Clock clock;

	private final DecayingAverage firstTokenMillis;

	private final DecayingAverage perOutputTokenMillis;

	/**
	 * @param clock the routing clock, which ages the averages
	 * @param halfLife how long until an answer counts half in the averages
	 */
	LatencyStats(Clock clock, Duration halfLife) {
		this.clock = clock;
		this.firstTokenMillis = new DecayingAverage(halfLife.toMillis());
		this.perOutputTokenMillis = new DecayingAverage(halfLife.toMillis());
	}

	/**
	 * Record the latency of a successful attempt at a whole answer.
	 * @param latencyNanos how long it took
	 * @param usage its usage; without output tokens, it is left out of the average per
	 * output token
	 */
	void recordAnswer(long latencyNanos, @Nullable TokenUsage usage) {
		record(latencyNanos);
		if (usage != null && usage.outputTokens() > 0) {
			this.perOutputTokenMillis.add(latencyNanos / 1e6 / usage.outputTokens(), this.clock.millis());
		}
	}

	/**
	 * Record how long a successful stream took to its first token.
	 * @param latencyNanos how long it took
	 */
	void recordFirstToken(long latencyNanos) {
		record(latencyNanos);
		this.firstTokenMillis.add(latencyNanos / 1e6, this.clock.millis());
	}

	private synchronized void record(long latencyNanos) {
		this.nanos[this.next] = latencyNanos;
		this.next = (this.next + 1) % SAMPLES;
		this.count = Math.min(this.count + 1, SAMPLES);
	}

	/**
	 * A percentile of the recent latencies.
	 * @param percentile between 0 and 100
	 * @return the latency, or {@code null} before {@value #MIN_SAMPLES} answers
	 */
	@Nullable Duration percentile(double percentile) {
		long[] sorted;
		synchronized (this) {
			if (this.count < MIN_SAMPLES) {
				return null;
			}
			sorted = Arrays.copyOf(this.nanos, this.count);
		}
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
		return Duration.ofNanos(sorted[Math.max(0, Math.min(rank, sorted.length - 1))]);
	}

	/**
	 * The decaying averages now.
	 * @return the averages
	 */
	Latency averages() {
		return new Latency(known(this.firstTokenMillis), this.firstTokenMillis.count(),
				known(this.perOutputTokenMillis), this.perOutputTokenMillis.count());
	}

	private static @Nullable Double known(DecayingAverage average) {
		double value = average.value();
		return Double.isNaN(value) ? null : value;
	}

}

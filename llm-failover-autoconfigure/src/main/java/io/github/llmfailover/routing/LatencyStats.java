package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * One provider's recent latency: the time to a whole answer, or to a stream's first
 * token, of its last successful attempts. Percentiles come from the last
 * {@value #SAMPLES} of them.
 */
final class LatencyStats {

	static final int SAMPLES = 128;

	/** Fewer answers than this say too little about the tail. */
	static final int MIN_SAMPLES = 20;

	private final long[] nanos = new long[SAMPLES];

	private int next;

	private int count;

	/**
	 * Record the latency of a successful attempt.
	 * @param latencyNanos how long it took
	 */
	synchronized void record(long latencyNanos) {
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

}

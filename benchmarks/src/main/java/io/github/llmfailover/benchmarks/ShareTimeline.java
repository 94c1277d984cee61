package io.github.llmfailover.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import io.github.llmfailover.routing.LatencyAwareShares;

/**
 * What one client of the latency-shares scenario served, second by second: how many
 * requests, how many of them provider b, and each request's latency, by the second it
 * started in.
 */
final class ShareTimeline {

	private final AtomicIntegerArray served;

	private final AtomicIntegerArray servedByB;

	private final List<ConcurrentLinkedQueue<Long>> latencies = new ArrayList<>();

	private final AtomicLong failed = new AtomicLong();

	ShareTimeline(int seconds) {
		this.served = new AtomicIntegerArray(seconds);
		this.servedByB = new AtomicIntegerArray(seconds);
		for (int i = 0; i < seconds; i++) {
			this.latencies.add(new ConcurrentLinkedQueue<>());
		}
	}

	void served(int second, String provider, long nanos) {
		this.served.incrementAndGet(second);
		if (provider.equals("b")) {
			this.servedByB.incrementAndGet(second);
		}
		this.latencies.get(second).add(nanos);
	}

	void failed() {
		this.failed.incrementAndGet();
	}

	private double shareOfB(int from, int to) {
		long all = 0;
		long b = 0;
		for (int second = from; second < to; second++) {
			all += this.served.get(second);
			b += this.servedByB.get(second);
		}
		return b / (double) Math.max(1, all);
	}

	private double percentileMillis(int from, int to, double percentile) {
		long[] sorted = this.latencies.subList(from, to)
			.stream()
			.flatMap(ConcurrentLinkedQueue::stream)
			.mapToLong(Long::longValue)
			.sorted()
			.toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(rank, sorted.length - 1))] / 1e6;
	}

	/**
	 * The summary by phase and the share of b second by second, off against on.
	 * @param steady the seconds before b slows down
	 * @param slow the seconds b is slow
	 * @param off the client without the rule
	 * @param on the client with it
	 * @param rule the rule's settings
	 * @param fast b's latency when fast, for the table
	 * @param slowLatency b's latency when slow
	 * @return the Markdown
	 */
	static String report(int steady, int slow, ShareTimeline off, ShareTimeline on, LatencyAwareShares rule, long fast,
			long slowLatency) {
		int seconds = off.served.length();
		int[][] phases = { { 0, steady }, { steady, steady + slow }, { steady + slow, seconds }, { 0, seconds } };
		String[] names = { "before (0-" + steady + " s): a and b " + fast + " ms",
				"b slow (" + steady + "-" + (steady + slow) + " s): b " + slowLatency + " ms",
				"b recovered (" + (steady + slow) + "-" + seconds + " s)", "whole run" };
		StringBuilder text = new StringBuilder();
		text.append(
				String.format(Locale.ROOT, "Rule on: %s. Requests served: %d off, %d on; failed: %d off, %d on.%n%n",
						rule, off.total(), on.total(), off.failed.get(), on.failed.get()));
		text.append("| Phase | b's share, off | b's share, on | p50, off | p50, on | p99, off | p99, on |\n");
		text.append("|---|---|---|---|---|---|---|\n");
		for (int i = 0; i < phases.length; i++) {
			int from = phases[i][0];
			int to = phases[i][1];
			text.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.0f ms | %.0f ms | %.0f ms | %.0f ms |%n",
					names[i], off.shareOfB(from, to), on.shareOfB(from, to), off.percentileMillis(from, to, 50),
					on.percentileMillis(from, to, 50), off.percentileMillis(from, to, 99),
					on.percentileMillis(from, to, 99)));
		}
		text.append("\n<details><summary>b's share second by second</summary>\n\n");
		text.append("| Second | b's latency | b's share, off | b's share, on |\n|---|---|---|---|\n");
		for (int second = 0; second < seconds; second++) {
			long latency = (second >= steady && second < steady + slow) ? slowLatency : fast;
			text.append(String.format(Locale.ROOT, "| %d | %d ms | %.2f | %.2f |%n", second, latency,
					off.shareOfB(second, second + 1), on.shareOfB(second, second + 1)));
		}
		return text.append("\n</details>\n").toString();
	}

	private long total() {
		long total = 0;
		for (int second = 0; second < this.served.length(); second++) {
			total += this.served.get(second);
		}
		return total;
	}

}

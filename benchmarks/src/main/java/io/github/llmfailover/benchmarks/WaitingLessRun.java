package io.github.llmfailover.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.provider.openai.OpenAiProviderClient;
import io.github.llmfailover.routing.CircuitBreakerSettings;
import io.github.llmfailover.routing.DefaultFailoverChatClient;
import io.github.llmfailover.routing.FailoverPolicy;
import io.github.llmfailover.routing.HeaderRateLimits;
import io.github.llmfailover.routing.Hedging;
import io.github.llmfailover.routing.LatencyAwareShares;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderRoute;
import io.github.llmfailover.routing.RetryBudget;

/**
 * Waiting less, side by side in one run: the same {@code FailoverChatClient} over the
 * same two local upstreams, with each rule off and then on, under the same load.
 * <ul>
 * <li>Tail: provider a answers in 20 ms but takes 2 s on 10 % of calls, b is steady;
 * without and with hedging (a fixed 200 ms delay). p50, p99, upstream calls per
 * request.</li>
 * <li>Rate limits: a announces 100 requests per 10 s in its headers, b has room; an open
 * loop of 40 requests a second; without and with routing on the headers. 429s from a,
 * failovers, requests served.</li>
 * <li>Latency shares: a and b answer in 40 ms; b turns five times slower for 15 s, then
 * recovers for 20 s. Two clients at once, each over its own pair of upstreams under the
 * same schedule and the same open loop, one with latency-aware shares off and one on: b's
 * share second by second, and p50 of the whole.</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks.jar io.github.llmfailover.benchmarks.WaitingLessRun &lt;seconds&gt; &lt;out-dir&gt; [scenarios]
 * </pre>
 *
 * The scenarios, comma-separated: {@code tail}, {@code rate-limits},
 * {@code latency-shares} (all by default). The first two write {@code waiting-less.md},
 * the last {@code latency-shares.md}.
 *
 * Everything runs on 127.0.0.1, in this process, and stops at the end.
 */
public final class WaitingLessRun {

	private static final ChatRequest REQUEST = ChatRequest.builder()
		.system("You are a helpful assistant.")
		.user("Say hello.")
		.maxTokens(64)
		.build();

	private static final Duration FAST = Duration.ofMillis(20);

	private static final Duration HEDGE_DELAY = Duration.ofMillis(200);

	private static final int WORKERS = 8;

	private static final int RATE_PER_SECOND = 40;

	private static final Duration SHARES_BASE = Duration.ofMillis(40);

	private static final Duration SHARES_SLOW = SHARES_BASE.multipliedBy(5);

	/** Seconds of the latency-shares schedule: steady, b slow, b recovered. */
	private static final int STEADY = 10;

	private static final int SLOW = 15;

	private static final int RECOVERED = 20;

	private final Duration phase;

	private WaitingLessRun(Duration phase) {
		this.phase = phase;
	}

	public static void main(String[] args) {
		Duration phase = Duration.ofSeconds(Long.parseLong(args[0]));
		Path out = Path.of(args[1]);
		List<String> scenarios = List.of(((args.length > 2) ? args[2] : "tail,rate-limits,latency-shares").split(","));
		WaitingLessRun run = new WaitingLessRun(phase);
		System.out.println("Warming up for " + phase.toSeconds() + " s...");
		run.tail(Hedging.off(), "warm-up");
		if (scenarios.contains("tail") || scenarios.contains("rate-limits")) {
			List<String> rows = new ArrayList<>();
			rows.add("| Scenario | Rule | Requests | Served | p50 | p99 | Upstream calls per request | Notes |");
			rows.add("|---|---|---|---|---|---|---|---|");
			if (scenarios.contains("tail")) {
				rows.add(print(run.tail(Hedging.off(), "no hedging")));
				rows.add(print(run.tail(Hedging.of(true, HEDGE_DELAY, 95, 15), "hedging after 200 ms, budget 15 %")));
			}
			if (scenarios.contains("rate-limits")) {
				rows.add(print(run.rateLimits(HeaderRateLimits.off(), "headers ignored")));
				rows.add(print(run.rateLimits(HeaderRateLimits.of(0, 0, Duration.ofSeconds(60)), "headers routed on")));
			}
			write(out.resolve("waiting-less.md"), String.join("\n", rows) + "\n");
		}
		if (scenarios.contains("latency-shares")) {
			write(out.resolve("latency-shares.md"), print(latencyShares()));
		}
	}

	private static void write(Path file, String text) {
		try {
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not write " + file, ex);
		}
	}

	private static String print(String row) {
		System.out.println("  " + row);
		return row;
	}

	/** Closed loop of {@value #WORKERS} callers on a provider with a slow tail. */
	private String tail(Hedging hedging, String rule) {
		try (ShapedUpstream a = new ShapedUpstream(FAST).slow(0.10, Duration.ofSeconds(2));
				ShapedUpstream b = new ShapedUpstream(FAST)) {
			DefaultFailoverChatClient client = client(List.of(a, b), new int[] { 0, 1 }, HeaderRateLimits.off(),
					hedging, LatencyAwareShares.off());
			Tally tally = new Tally();
			long end = System.nanoTime() + this.phase.toNanos();
			Flux.range(0, WORKERS)
				.flatMap((worker) -> call(client, tally).repeat(() -> System.nanoTime() < end), WORKERS)
				.blockLast();
			return tally.row("tail: a 20 ms, 2 s on 10 %; b steady", rule, a.calls() + b.calls(),
					String.format(Locale.ROOT, "hedges sent %d, won %d; calls cancelled %d (seen by the upstreams: %d)",
							hedging.budget().hedgesSent(), hedging.budget().hedgesWon(),
							hedging.budget().callsCancelled(), a.cancelled() + b.cancelled()));
		}
	}

	/**
	 * Open loop of {@value #RATE_PER_SECOND} requests a second; a allows 100 per 10 s.
	 */
	private String rateLimits(HeaderRateLimits headers, String rule) {
		try (ShapedUpstream a = new ShapedUpstream(FAST).rateLimit(100, Duration.ofSeconds(10));
				ShapedUpstream b = new ShapedUpstream(FAST)) {
			DefaultFailoverChatClient client = client(List.of(a, b), new int[] { 0, 0 }, headers, Hedging.off(),
					LatencyAwareShares.off());
			Tally tally = new Tally();
			long count = this.phase.toSeconds() * RATE_PER_SECOND;
			Flux.interval(Duration.ofMillis(1000 / RATE_PER_SECOND))
				.take(count)
				.flatMap((tick) -> call(client, tally), Integer.MAX_VALUE)
				.blockLast();
			return tally.row("rate limits: a 100 requests / 10 s in its headers, b room; 40 requests/s", rule,
					a.calls() + b.calls(),
					String.format(Locale.ROOT, "429s from a: %d; requests that failed over: %d; " + "a served %d",
							a.rateLimited(), tally.failedOver.get(), a.calls() - a.rateLimited()));
		}
	}

	/**
	 * Open loop of {@value #RATE_PER_SECOND} requests a second to each of two clients at
	 * once, latency-aware shares off and on, each over its own pair of upstreams: b slows
	 * down five times after {@value #STEADY} s for {@value #SLOW} s, then recovers.
	 */
	private static String latencyShares() {
		LatencyAwareShares on = LatencyAwareShares.of(Duration.ofSeconds(5), 2, 0.05);
		try (ShapedUpstream offA = new ShapedUpstream(SHARES_BASE);
				ShapedUpstream offB = new ShapedUpstream(SHARES_BASE);
				ShapedUpstream onA = new ShapedUpstream(SHARES_BASE);
				ShapedUpstream onB = new ShapedUpstream(SHARES_BASE)) {
			DefaultFailoverChatClient withoutRule = client(List.of(offA, offB), new int[] { 0, 0 },
					HeaderRateLimits.off(), Hedging.off(), LatencyAwareShares.off());
			DefaultFailoverChatClient withRule = client(List.of(onA, onB), new int[] { 0, 0 }, HeaderRateLimits.off(),
					Hedging.off(), on);
			int seconds = STEADY + SLOW + RECOVERED;
			ShareTimeline off = new ShareTimeline(seconds);
			ShareTimeline onTimeline = new ShareTimeline(seconds);
			Flux.interval(Duration.ofMillis(1000 / RATE_PER_SECOND))
				.take((long) seconds * RATE_PER_SECOND)
				.flatMap((tick) -> {
					int second = (int) (tick / RATE_PER_SECOND);
					if (tick % RATE_PER_SECOND == 0) {
						Duration b = (second >= STEADY && second < STEADY + SLOW) ? SHARES_SLOW : SHARES_BASE;
						offB.latency(b);
						onB.latency(b);
					}
					return Mono.when(call(withoutRule, off, second), call(withRule, onTimeline, second));
				}, Integer.MAX_VALUE)
				.blockLast();
			return ShareTimeline.report(STEADY, SLOW, off, onTimeline, on, SHARES_BASE.toMillis(),
					SHARES_SLOW.toMillis());
		}
	}

	private static Mono<Void> call(DefaultFailoverChatClient client, ShareTimeline timeline, int second) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return client.chat(REQUEST)
				.doOnNext((answer) -> timeline.served(second, answer.provider(), System.nanoTime() - start))
				.onErrorResume((error) -> {
					timeline.failed();
					return Mono.empty();
				})
				.then();
		});
	}

	private static Mono<Void> call(DefaultFailoverChatClient client, Tally tally) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return client.chat(REQUEST)
				.doOnNext((answer) -> tally.served(System.nanoTime() - start, answer))
				.doOnError((error) -> tally.failed())
				.onErrorResume((error) -> Mono.empty())
				.then();
		});
	}

	private static DefaultFailoverChatClient client(List<ShapedUpstream> upstreams, int[] priorities,
			HeaderRateLimits headers, Hedging hedging, LatencyAwareShares latencyShares) {
		ProviderRegistry.Builder registry = ProviderRegistry.builder(CircuitBreakerRegistry.ofDefaults())
			.headerRateLimits(headers)
			.latencyAwareShares(latencyShares);
		for (int i = 0; i < upstreams.size(); i++) {
			String name = String.valueOf((char) ('a' + i));
			ProviderSettings settings = new ProviderSettings(name, "openai", URI.create(upstreams.get(i).baseUrl()),
					"bench-key", "gpt-4o-mini", Map.of(), null);
			registry.add(
					new ProviderRoute(settings, priorities[i], 1, true,
							new CircuitBreakerSettings(50, 100, 50, Duration.ofSeconds(30), 2)),
					OpenAiProviderClient.factory().create(settings, WebClient.builder()));
		}
		FailoverPolicy policy = new FailoverPolicy(3, Duration.ofSeconds(60), Duration.ofSeconds(30),
				new FailoverPolicy.Backoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5)), Duration.ofSeconds(60));
		return new DefaultFailoverChatClient(registry.build(), policy, RetryBudget.unlimited(), hedging,
				ObservationRegistry.NOOP, null, null);
	}

	/**
	 * What a phase's requests got.
	 */
	private static final class Tally {

		private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

		private final AtomicLong failed = new AtomicLong();

		private final AtomicLong failedOver = new AtomicLong();

		void served(long nanos, ChatResponse answer) {
			this.latencies.add(nanos);
			if (answer.attempts().size() > 1) {
				this.failedOver.incrementAndGet();
			}
		}

		void failed() {
			this.failed.incrementAndGet();
		}

		String row(String scenario, String rule, long upstreamCalls, String notes) {
			long[] sorted = this.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
			long total = sorted.length + this.failed.get();
			return String.format(Locale.ROOT, "| %s | %s | %d | %.1f %% | %s | %s | %.3f | %s |", scenario, rule, total,
					100.0 * sorted.length / Math.max(1, total), millis(sorted, 50), millis(sorted, 99),
					upstreamCalls / (double) Math.max(1, total), notes);
		}

		private static String millis(long[] sorted, double percentile) {
			if (sorted.length == 0) {
				return "–";
			}
			int rank = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
			return String.format(Locale.ROOT, "%.0f ms", sorted[Math.max(0, Math.min(rank, sorted.length - 1))] / 1e6);
		}

	}

}

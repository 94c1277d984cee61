package io.github.llmfailover.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Degraded providers, side by side: gateways (llm-failover's sample app and Portkey's)
 * over the same two local upstreams, under the same closed-loop load, while the upstreams
 * fail: both 40 % at random, one 40 % and the other healthy, both down and then
 * recovered. Reports per gateway the share of requests served, the upstream calls per
 * request, and how soon requests are served again after the recovery.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.llmfailover.benchmarks.DegradedRun &lt;latency-ms&gt; &lt;seconds&gt;
 *     &lt;warm-up-seconds&gt; &lt;connections&gt; &lt;upstream-port-a&gt; &lt;upstream-port-b&gt; &lt;out-dir&gt;
 *     &lt;gateway&gt;...
 * </pre>
 *
 * A gateway is {@code name|chat-url|header:value|reset-url,reset-url}: the header (empty
 * for none) goes on every request, and each reset URL gets {@code POST {"reset": true}}
 * before each phase, so that circuits opened by one phase do not carry into the next.
 * Everything runs on 127.0.0.1 and stops at the end.
 */
public final class DegradedRun {

	private static final byte[] BODY = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":"
			+ "\"You are a helpful assistant.\"},{\"role\":\"user\",\"content\":\"Say hello.\"}],\"max_tokens\":64}")
		.getBytes(StandardCharsets.UTF_8);

	private static final Duration BUCKET = Duration.ofMillis(100);

	private static final Duration RECOVERY = Duration.ofSeconds(5);

	private final List<Upstream> upstreams;

	private final Duration phase;

	private final Duration warmup;

	private final int connections;

	private final HttpClient http;

	private DegradedRun(List<Upstream> upstreams, Duration phase, Duration warmup, int connections) {
		this.upstreams = upstreams;
		this.phase = phase;
		this.warmup = warmup;
		this.connections = connections;
		this.http = HttpClient.create(ConnectionProvider.create("load", connections * 2))
			.responseTimeout(Duration.ofSeconds(10));
	}

	public static void main(String[] args) {
		Duration latency = Duration.ofMillis(Long.parseLong(args[0]));
		Duration phase = Duration.ofSeconds(Long.parseLong(args[1]));
		Duration warmup = Duration.ofSeconds(Long.parseLong(args[2]));
		int connections = Integer.parseInt(args[3]);
		List<Upstream> upstreams = List.of(new Upstream(Integer.parseInt(args[4]), latency, 1),
				new Upstream(Integer.parseInt(args[5]), latency, 1));
		Path out = Path.of(args[6]);
		List<Gateway> gateways = new ArrayList<>();
		for (int i = 7; i < args.length; i++) {
			gateways.add(Gateway.parse(args[i]));
		}
		DegradedRun run = new DegradedRun(upstreams, phase, warmup, connections);
		try {
			run.report(run.measure(gateways, out), out);
		}
		finally {
			upstreams.forEach(Upstream::close);
		}
	}

	private List<Row> measure(List<Gateway> gateways, Path out) {
		for (Gateway gateway : gateways) {
			System.out.println("Warming up " + gateway.name() + " for " + this.warmup.toSeconds() + " s...");
			prepare(gateway, 0, 0);
			load(gateway, this.warmup, Mono.empty());
		}
		List<Row> rows = new ArrayList<>();
		for (Gateway gateway : gateways) {
			rows.add(print(steady("both providers failing 40 % at random", gateway, 0.4, 0.4)));
		}
		for (Gateway gateway : gateways) {
			rows.add(print(steady("one provider failing 40 %, the other healthy", gateway, 0.4, 0)));
		}
		for (Gateway gateway : gateways) {
			rows.add(print(downThenRecovered(gateway, out)));
		}
		return rows;
	}

	private Row steady(String scenario, Gateway gateway, double rateA, double rateB) {
		System.out.println(scenario + ": " + gateway.name() + "...");
		prepare(gateway, rateA, rateB);
		long callsBefore = upstreamCalls();
		Tally tally = load(gateway, this.phase, Mono.empty());
		return new Row(scenario, gateway.name(), tally, upstreamCalls() - callsBefore, null);
	}

	private Row downThenRecovered(Gateway gateway, Path out) {
		String scenario = "both providers down (503), then recovered";
		System.out.println(scenario + ": " + gateway.name() + "...");
		prepare(gateway, 1, 1);
		long callsBefore = upstreamCalls();
		Tally down = load(gateway, this.phase, snapshot(gateway, out));
		long downCalls = upstreamCalls() - callsBefore;
		Tally recovered = new Tally(RECOVERY);
		Mono<Void> recover = Mono.delay(Duration.ofMillis(500)).doOnNext((tick) -> {
			recovered.start();
			this.upstreams.forEach((upstream) -> upstream.failureRate(0));
		}).then();
		// Load runs on from the outage into the recovery, which starts 0.5 s in.
		Flux.merge(recover, run(gateway, Duration.ofMillis(500).plus(RECOVERY), recovered)).blockLast();
		return new Row(scenario, gateway.name(), down, downCalls, recovered);
	}

	/** Heal every upstream, reset the gateway's state, then set the phase's faults. */
	private void prepare(Gateway gateway, double rateA, double rateB) {
		this.upstreams.forEach((upstream) -> upstream.failureRate(0));
		for (String reset : gateway.resets()) {
			Integer status = this.http
				.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
				.post()
				.uri(reset)
				.send(Mono.just(Unpooled.wrappedBuffer("{\"reset\":true}".getBytes(StandardCharsets.UTF_8))))
				.responseSingle((response, body) -> Mono.just(response.status().code()))
				.block();
			if (status == null || status != 200) {
				throw new IllegalStateException("POST " + reset + " answered " + status);
			}
		}
		this.upstreams.get(0).failureRate(rateA);
		this.upstreams.get(1).failureRate(rateB);
	}

	/** Load for the duration; halfway, the midway step runs beside it. */
	private Tally load(Gateway gateway, Duration duration, Mono<Void> midway) {
		Tally tally = new Tally(duration);
		tally.start();
		Flux.merge(Mono.delay(duration.dividedBy(2)).then(midway), run(gateway, duration, tally)).blockLast();
		return tally;
	}

	private Mono<Void> run(Gateway gateway, Duration duration, Tally tally) {
		long end = System.nanoTime() + duration.toNanos();
		return Flux.range(0, this.connections)
			.flatMap((connection) -> request(gateway, tally).repeat(() -> System.nanoTime() < end), this.connections)
			.then();
	}

	private Mono<Void> request(Gateway gateway, Tally tally) {
		return this.http.headers((headers) -> {
			headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
			headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer bench-key");
			String @Nullable [] header = gateway.header();
			if (header != null) {
				headers.set(header[0], header[1]);
			}
		})
			.post()
			.uri(gateway.url())
			.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(BODY)))
			.responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
			.onErrorReturn(0)
			.doOnNext(tally::record)
			.then();
	}

	/** What the gateway's endpoint says, saved, if it has one. */
	private Mono<Void> snapshot(Gateway gateway, Path out) {
		if (gateway.resets().isEmpty()) {
			return Mono.empty();
		}
		String reset = gateway.resets().get(0);
		return this.http.get()
			.uri(reset.substring(0, reset.lastIndexOf('/')))
			.responseContent()
			.aggregate()
			.asString()
			.doOnNext((json) -> write(out.resolve(gateway.name() + "-llmproviders-both-down.json"), json))
			.then();
	}

	private static void write(Path file, String text) {
		try {
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not write " + file, ex);
		}
	}

	private long upstreamCalls() {
		return this.upstreams.stream().mapToLong(Upstream::requests).sum();
	}

	private static Row print(Row row) {
		System.out.print("  " + row.line());
		return row;
	}

	private void report(List<Row> rows, Path out) {
		StringBuilder table = new StringBuilder();
		table.append("| Scenario | Gateway | Requests | Served | Upstream calls per request "
				+ "| First served after recovery | ≥ 90 % served after recovery |\n");
		table.append("|---|---|---|---|---|---|---|\n");
		rows.forEach((row) -> table.append(row.line()));
		System.out.print(table);
		write(out.resolve("degraded.md"), table.toString());
	}

	private static String millis(long millis) {
		return (millis < 0) ? "never" : "≤ " + millis + " ms";
	}

	/**
	 * One gateway under test.
	 */
	record Gateway(String name, String url, String @Nullable [] header, List<String> resets) {

		static Gateway parse(String spec) {
			String[] parts = spec.split("\\|", -1);
			String @Nullable [] header = parts[2].isEmpty() ? null : parts[2].split(":", 2);
			List<String> resets = parts[3].isEmpty() ? List.of() : List.of(parts[3].split(","));
			return new Gateway(parts[0], parts[1], header, resets);
		}

	}

	/**
	 * One line of the report.
	 */
	record Row(String scenario, String gateway, Tally tally, long upstreamCalls, @Nullable Tally recovered) {

		String line() {
			return String.format(Locale.ROOT, "| %s | %s | %d | %.1f %% | %.2f | %s | %s |%n", this.scenario,
					this.gateway, this.tally.total(), 100.0 * this.tally.served() / Math.max(1, this.tally.total()),
					this.upstreamCalls / (double) Math.max(1, this.tally.total()),
					(this.recovered != null) ? millis(this.recovered.firstServedMillis()) : "–",
					(this.recovered != null) ? millis(this.recovered.mostlyServedMillis()) : "–");
		}

	}

	/**
	 * What a phase's requests got: totals, and served and total per 100 ms bucket from
	 * its start.
	 */
	static final class Tally {

		private final AtomicLong total = new AtomicLong();

		private final AtomicLong served = new AtomicLong();

		private final AtomicIntegerArray bucketTotal;

		private final AtomicIntegerArray bucketServed;

		private volatile long startNanos = Long.MAX_VALUE;

		Tally(Duration duration) {
			int buckets = (int) (duration.toMillis() / BUCKET.toMillis()) + 20;
			this.bucketTotal = new AtomicIntegerArray(buckets);
			this.bucketServed = new AtomicIntegerArray(buckets);
		}

		void start() {
			this.startNanos = System.nanoTime();
		}

		void record(int status) {
			long since = System.nanoTime() - this.startNanos;
			if (since < 0) {
				return;
			}
			this.total.incrementAndGet();
			int bucket = (int) Math.min(since / BUCKET.toNanos(), this.bucketTotal.length() - 1);
			this.bucketTotal.incrementAndGet(bucket);
			if (status == 200) {
				this.served.incrementAndGet();
				this.bucketServed.incrementAndGet(bucket);
			}
		}

		long total() {
			return this.total.get();
		}

		long served() {
			return this.served.get();
		}

		/** The end of the first bucket with a served request, or -1. */
		long firstServedMillis() {
			for (int i = 0; i < this.bucketTotal.length(); i++) {
				if (this.bucketServed.get(i) > 0) {
					return (i + 1) * BUCKET.toMillis();
				}
			}
			return -1;
		}

		/**
		 * The end of the first bucket where at least 90 % of requests were served, or -1.
		 */
		long mostlyServedMillis() {
			for (int i = 0; i < this.bucketTotal.length(); i++) {
				int total = this.bucketTotal.get(i);
				if (total > 0 && this.bucketServed.get(i) * 10 >= total * 9) {
					return (i + 1) * BUCKET.toMillis();
				}
			}
			return -1;
		}

	}

}

package io.github.llmfailover.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-alone OpenAI-compatible upstream with a fixed latency, for the gateway
 * benchmark:
 * {@code java -cp benchmarks.jar io.github.llmfailover.benchmarks.LatencyUpstream <latency-ms>
 * [--failure-rate=0.4] <port>...}. With a failure rate, that share of calls gets a 503 at
 * random. Listens on 127.0.0.1 only, until killed.
 */
public final class LatencyUpstream {

	private static final String FAILURE_RATE = "--failure-rate=";

	private LatencyUpstream() {
	}

	public static void main(String[] args) throws InterruptedException {
		Duration latency = Duration.ofMillis(Long.parseLong(args[0]));
		List<Upstream> upstreams = new ArrayList<>();
		double failureRate = 0;
		for (int i = 1; i < args.length; i++) {
			if (args[i].startsWith(FAILURE_RATE)) {
				failureRate = Double.parseDouble(args[i].substring(FAILURE_RATE.length()));
			}
			else {
				upstreams.add(new Upstream(Integer.parseInt(args[i]), latency, 1));
			}
		}
		double rate = failureRate;
		upstreams.forEach((upstream) -> upstream.failureRate(rate));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> upstreams.forEach(Upstream::close)));
		System.out.println("READY " + latency.toMillis() + " ms on " + upstreams.stream().map(Upstream::port).toList());
		new CountDownLatch(1).await();
	}

}

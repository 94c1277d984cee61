package io.github.llmfailover.sample.soak;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.sample.demo.Fault;
import io.github.llmfailover.sample.demo.SimulatedProviders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault soak: steady load while each fault of the catalogue hits a provider in turn.
 * No request fails while a provider is healthy, none waits past the deadline, and nothing
 * leaks. A few seconds a fault in the build; {@code benchmarks/run-soak.sh} runs it for
 * minutes ({@code -Dsoak.phase}, {@code -Dsoak.chatLoops}, {@code -Dsoak.streamLoops}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.failover.timeout=6s", "llm.failover.attempt-timeout=1500ms",
				"llm.failover.backoff.initial=50ms", "llm.failover.backoff.max=200ms", "llm.failover.max-cooldown=2s",
				"llm.failover.circuit-breaker.sliding-window-size=10",
				"llm.failover.circuit-breaker.minimum-number-of-calls=4",
				"llm.failover.circuit-breaker.wait-duration-in-open-state=1500ms" })
class FaultSoakTests {

	private static final long DEADLINE_MILLIS = 6000;

	/**
	 * What a slow machine (a loaded 2-core one running eight builds) may add to a request
	 * finishing right at the deadline. A request the deadline did not bound would wait
	 * for a hang's minutes or the default 30 s attempt timeout.
	 */
	private static final long SLACK_MILLIS = 6000;

	@LocalServerPort
	private int port;

	@Autowired
	private SimulatedProviders simulators;

	@Autowired
	private ProviderRegistry providers;

	@Test
	void noRequestFailsWhileAProviderIsHealthyAndNothingLeaks() throws Exception {
		Duration phase = Duration.parse(System.getProperty("soak.phase", "PT2S"));
		int chatLoops = Integer.getInteger("soak.chatLoops", 6);
		int streamLoops = Integer.getInteger("soak.streamLoops", 3);
		WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + this.port).build();
		FaultSoak soak = new FaultSoak(client, this.simulators, this.providers, phase, Duration.ofSeconds(20),
				chatLoops, streamLoops);

		soak.run(List.of(new SoakPhase("warm-up", Fault.NONE, java.util.Set.of())));
		Resources before = Resources.measure();
		List<SoakPhase> phases = soak.run(FaultSoak.catalogue());
		Thread.sleep(2000);
		Resources after = Resources.measure();

		String report = SoakReport.table(phases) + "\n" + after.compare(before) + "\n" + SoakReport.examples(phases);
		Files.writeString(Path.of("target", "soak-report.md"), report);
		System.out.println(report);

		for (SoakPhase result : phases) {
			assertThat(result.count((r) -> true)).as("requests in %s", result.name()).isPositive();
			assertThat(result.maxMillis()).as("longest request in %s", result.name())
				.isLessThanOrEqualTo(DEADLINE_MILLIS + SLACK_MILLIS);
			if (result.anyProviderHealthy()) {
				assertThat(result.count(SoakResult::failed)).as("failed requests in %s", result.name()).isZero();
			}
			assertThat(result.count(SoakResult::unexplainedInterruption))
				.as("streams broken in %s with no fault dropping their connection", result.name())
				.isZero();
			if (!result.targets().isEmpty()) {
				assertThat(result.recoveryMillis()).as("recovery after %s", result.name()).isNotNull();
			}
		}
		SoakPhase allDown = phases.stream().filter((p) -> p.targets().size() == 3).findFirst().orElseThrow();
		// Not waiting for the deadline (6 s): on a busy machine even served requests take
		// seconds here, so only the deadline itself tells the two apart.
		assertThat(allDown.p99Millis()).as("failing fast with every provider down").isLessThan(DEADLINE_MILLIS - 1000);
		assertThat(after.threads()).as("threads").isLessThanOrEqualTo(before.threads() + 4);
		assertThat(after.heapMegabytes()).as("heap after GC (MB)").isLessThanOrEqualTo(before.heapMegabytes() + 64);
		assertThat(after.activeConnections()).as("connections still acquired from the providers' pools").isZero();
	}

	/**
	 * Threads, heap after a GC, and connections the providers' pools have lent out.
	 */
	record Resources(int threads, long heapMegabytes, double activeConnections, double openConnections) {

		static Resources measure() throws InterruptedException {
			System.gc();
			Thread.sleep(300);
			System.gc();
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
			return new Resources(ManagementFactory.getThreadMXBean().getThreadCount(), heap,
					pool("reactor.netty.connection.provider.active.connections"),
					pool("reactor.netty.connection.provider.total.connections"));
		}

		private static double pool(String gauge) {
			return Metrics.globalRegistry.find(gauge)
				.gauges()
				.stream()
				.filter((meter) -> String.valueOf(meter.getId().getTag("name")).startsWith("llm-failover-"))
				.mapToDouble(Gauge::value)
				.sum();
		}

		String compare(Resources before) {
			return "| Resource | Before the faults | After, load stopped |\n|---|---|---|\n" + "| Threads | "
					+ before.threads + " | " + this.threads + " |\n" + "| Heap used after GC | " + before.heapMegabytes
					+ " MB | " + this.heapMegabytes + " MB |\n" + "| Connections lent out by the providers' pools | "
					+ (long) before.activeConnections + " | " + (long) this.activeConnections + " |\n"
					+ "| Connections open in the providers' pools | " + (long) before.openConnections + " | "
					+ (long) this.openConnections + " |\n";
		}

	}

}

package io.github.llmfailover.sample.soak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.sample.demo.Fault;

/**
 * One phase of the soak: a fault on some providers, and the requests that started
 * meanwhile.
 */
final class SoakPhase {

	private final String name;

	private final Fault fault;

	private final Set<String> targets;

	private final List<SoakResult> results = new ArrayList<>();

	private @Nullable Long recoveryMillis;

	SoakPhase(String name, Fault fault, Set<String> targets) {
		this.name = name;
		this.fault = fault;
		this.targets = targets;
	}

	String name() {
		return this.name;
	}

	Fault fault() {
		return this.fault;
	}

	Set<String> targets() {
		return this.targets;
	}

	/** Whether some provider stays healthy during this phase. */
	boolean anyProviderHealthy() {
		return this.targets.size() < 3;
	}

	/**
	 * Whether the fault drops connections that are open, breaking streams that already
	 * had their first token (reported to the caller, by design not failed over).
	 */
	boolean dropsOpenConnections() {
		return this.fault == Fault.BREAK_MID_STREAM || this.fault == Fault.REFUSE;
	}

	synchronized void record(SoakResult result) {
		this.results.add(result);
	}

	synchronized List<SoakResult> results() {
		return List.copyOf(this.results);
	}

	void recovered(@Nullable Long millis) {
		this.recoveryMillis = millis;
	}

	@Nullable Long recoveryMillis() {
		return this.recoveryMillis;
	}

	long count(java.util.function.Predicate<SoakResult> predicate) {
		return results().stream().filter(predicate).count();
	}

	long p99Millis() {
		List<Long> latencies = results().stream().map(SoakResult::latencyMillis).sorted().toList();
		return latencies.isEmpty() ? 0 : latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
	}

	long maxMillis() {
		return results().stream().map(SoakResult::latencyMillis).max(Comparator.naturalOrder()).orElse(0L);
	}

}

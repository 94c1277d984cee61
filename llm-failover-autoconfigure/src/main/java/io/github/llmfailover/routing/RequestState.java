package io.github.llmfailover.routing;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;

import io.github.llmfailover.chat.Attempt;

/**
 * What one request has done so far: its attempts, which providers it called or must skip,
 * and its deadline. The deadline timer may read it from another thread, hence the locking.
 */
final class RequestState {

	private final long deadlineNanos;

	private final List<Attempt> attempts = new ArrayList<>(2);

	private final int[] callsPerProvider;

	private long called;

	private long excluded;

	private int calls;

	private final Observation observation;

	RequestState(int providerCount, long nowNanos, long timeoutNanos, Observation observation) {
		this.callsPerProvider = new int[providerCount];
		this.deadlineNanos = nowNanos + timeoutNanos;
		this.observation = observation;
	}

	Observation observation() {
		return this.observation;
	}

	long remainingNanos(long nowNanos) {
		return this.deadlineNanos - nowNanos;
	}

	synchronized void record(Attempt attempt) {
		this.attempts.add(attempt);
	}

	synchronized List<Attempt> attempts() {
		return List.copyOf(this.attempts);
	}

	synchronized void called(RoutedProvider provider) {
		this.called |= 1L << provider.index();
		this.callsPerProvider[provider.index()]++;
		this.calls++;
	}

	synchronized void exclude(RoutedProvider provider) {
		this.excluded |= 1L << provider.index();
	}

	synchronized long calledMask() {
		return this.called;
	}

	synchronized long excludedMask() {
		return this.excluded;
	}

	/**
	 * How many times this request already called the provider.
	 * @param provider the provider
	 * @return the count
	 */
	synchronized int callsTo(RoutedProvider provider) {
		return this.callsPerProvider[provider.index()];
	}

	synchronized int calls() {
		return this.calls;
	}

}

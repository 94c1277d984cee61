package io.github.llmfailover.routing;

import java.util.List;

/**
 * Whether a provider can take a new request, when it comes back by itself, and why it is
 * out: what operators set, its circuit, and what holds it back for a while, combined in
 * one place so that the three answers always agree.
 */
final class Availability {

	private final OperatorState operator;

	private final CircuitWatch circuit;

	/** What may hold it back, in the order their reasons are given. */
	private final List<HoldsBack> holds;

	Availability(OperatorState operator, CircuitWatch circuit, List<HoldsBack> holds) {
		this.operator = operator;
		this.circuit = circuit;
		this.holds = List.copyOf(holds);
	}

	/**
	 * Whether the provider can take a new request now.
	 * @param nowMillis the current time
	 * @return {@code true} when enabled, weighted, not held back, and its circuit is not
	 * open
	 */
	boolean isInRotation(long nowMillis) {
		return this.operator.admits() && !isHeldBack(nowMillis) && !this.circuit.isOpen();
	}

	/**
	 * Whether the provider is out of rotation only because its circuit opened by itself:
	 * enabled, weighted, not held back, and its circuit {@code OPEN} (not
	 * {@code FORCED_OPEN}).
	 * @param nowMillis the current time
	 * @return {@code true} if so
	 */
	boolean isOutOnlyForOpenCircuit(long nowMillis) {
		return this.operator.admits() && !isHeldBack(nowMillis) && this.circuit.isOpenByItself();
	}

	private boolean isHeldBack(long nowMillis) {
		for (HoldsBack hold : this.holds) {
			if (hold.heldBackUntilMillis() > nowMillis) {
				return true;
			}
		}
		return false;
	}

	/**
	 * When the provider comes back into rotation by itself.
	 * @param nowMillis the current time
	 * @return the time in milliseconds, or {@link Long#MAX_VALUE} when only an operator
	 * can bring it back (disabled, weight 0, circuit forced open)
	 */
	long returnsAtMillis(long nowMillis) {
		if (!this.operator.admits()) {
			return Long.MAX_VALUE;
		}
		long returns = nowMillis;
		for (HoldsBack hold : this.holds) {
			returns = Math.max(returns, hold.heldBackUntilMillis());
		}
		return this.circuit.letsCallsThroughAtMillis(returns);
	}

	/**
	 * Why the provider is out of rotation, for error messages: what operators set, else
	 * the first hold that keeps it out, else its circuit.
	 * @param nowMillis the current time
	 * @return a short reason
	 */
	String unavailableReason(long nowMillis) {
		String reason = this.operator.unavailableReason();
		for (int i = 0; reason == null && i < this.holds.size(); i++) {
			reason = this.holds.get(i).unavailableReason(nowMillis);
		}
		return (reason != null) ? reason : this.circuit.unavailableReason();
	}

}

package io.github.llmfailover.sample.soak;

/**
 * One request of the soak.
 *
 * @param stream whether it was a stream
 * @param status the HTTP status
 * @param provider who served it, from {@code X-Provider}
 * @param latencyMillis how long until its answer (or stream) was complete
 * @param interrupted whether a stream ended with an error event after its first token
 * @param detail what went wrong, for the report
 * @param explained whether an interruption is explained by a fault that drops open
 * connections
 */
record SoakResult(boolean stream, int status, String provider, long latencyMillis, boolean interrupted, String detail,
		boolean explained) {

	SoakResult(boolean stream, int status, String provider, long latencyMillis, boolean interrupted, String detail) {
		this(stream, status, provider, latencyMillis, interrupted, detail, false);
	}

	SoakResult(boolean stream, int status, String provider, long latencyMillis, boolean interrupted) {
		this(stream, status, provider, latencyMillis, interrupted, "");
	}

	/**
	 * The same result, explained when the fault active as it started or as it ended drops
	 * open connections.
	 */
	SoakResult explainedBy(SoakPhase startedIn, SoakPhase endedIn) {
		boolean dropped = startedIn.dropsOpenConnections() || endedIn.dropsOpenConnections();
		return new SoakResult(this.stream, this.status, this.provider, this.latencyMillis, this.interrupted,
				this.detail, this.interrupted && dropped);
	}

	boolean unexplainedInterruption() {
		return this.interrupted && !this.explained;
	}

	boolean served() {
		return this.status == 200 && !this.interrupted;
	}

	boolean failed() {
		return this.status != 200;
	}

}

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
 */
record SoakResult(boolean stream, int status, String provider, long latencyMillis, boolean interrupted,
		String detail) {

	SoakResult(boolean stream, int status, String provider, long latencyMillis, boolean interrupted) {
		this(stream, status, provider, latencyMillis, interrupted, "");
	}

	boolean served() {
		return this.status == 200 && !this.interrupted;
	}

	boolean failed() {
		return this.status != 200;
	}

}

package io.github.llmfailover.routing;

/**
 * A provider chosen for an attempt went into a cooldown before the attempt started.
 */
final class CoolingDownException extends RuntimeException {

	static final CoolingDownException INSTANCE = new CoolingDownException();

	private CoolingDownException() {
		super("provider is cooling down after a Retry-After", null, false, false);
	}

}

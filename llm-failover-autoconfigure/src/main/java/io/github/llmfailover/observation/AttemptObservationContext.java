package io.github.llmfailover.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.AttemptOutcome;

/**
 * One attempt of a request on one provider, while it is observed.
 */
public class AttemptObservationContext extends Observation.Context {

	private final String provider;

	private final String model;

	private volatile @Nullable AttemptOutcome outcome;

	private volatile int status;

	/**
	 * @param provider the provider's name
	 * @param model the configured model
	 */
	public AttemptObservationContext(String provider, String model) {
		this.provider = provider;
		this.model = model;
	}

	public String getProvider() {
		return this.provider;
	}

	public String getModel() {
		return this.model;
	}

	/**
	 * How the attempt ended.
	 * @return the outcome, or {@code null} while it runs
	 */
	public @Nullable AttemptOutcome getOutcome() {
		return this.outcome;
	}

	public void setOutcome(AttemptOutcome outcome) {
		this.outcome = outcome;
	}

	/**
	 * The HTTP status the provider answered with.
	 * @return the status, or 0
	 */
	public int getStatus() {
		return this.status;
	}

	public void setStatus(int status) {
		this.status = status;
	}

}

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

	private final String group;

	private volatile @Nullable AttemptOutcome outcome;

	private volatile int status;

	/**
	 * @param provider the provider's name
	 * @param model the configured model
	 */
	public AttemptObservationContext(String provider, String model) {
		this(provider, model, ChatObservationContext.DEFAULT_GROUP);
	}

	/**
	 * @param provider the provider's name
	 * @param model the configured model
	 * @param group the name of the model group that routes the request
	 */
	public AttemptObservationContext(String provider, String model, String group) {
		this.provider = provider;
		this.model = model;
		this.group = group;
	}

	public String getProvider() {
		return this.provider;
	}

	public String getModel() {
		return this.model;
	}

	/**
	 * The model group that routes the request: a configured name, never an alias.
	 * @return the group's name
	 */
	public String getGroup() {
		return this.group;
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

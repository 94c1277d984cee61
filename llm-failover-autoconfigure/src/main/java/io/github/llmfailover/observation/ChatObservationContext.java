package io.github.llmfailover.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.Cost;
import io.github.llmfailover.chat.TokenUsage;

/**
 * What is known of one request of the failover client while it is observed: the
 * operation, then how it ended, who served it and the tokens it used. Routing fills it
 * in, so that handlers read all they need here.
 */
public class ChatObservationContext extends Observation.Context {

	/** The provider tag of a request no provider served. */
	public static final String NO_PROVIDER = "none";

	/** The group of a request when no groups are configured. */
	public static final String DEFAULT_GROUP = "default";

	private final String operation;

	private final String group;

	private volatile @Nullable RequestOutcome outcome;

	private volatile String provider = NO_PROVIDER;

	private volatile @Nullable String providerType;

	private volatile @Nullable String model;

	private volatile @Nullable TokenUsage usage;

	private volatile @Nullable Cost cost;

	/**
	 * A request of the {@value #DEFAULT_GROUP} model group.
	 * @param operation {@code chat} or {@code stream}
	 */
	public ChatObservationContext(String operation) {
		this(operation, DEFAULT_GROUP);
	}

	/**
	 * @param operation {@code chat} or {@code stream}
	 * @param group the name of the model group that routes the request
	 */
	public ChatObservationContext(String operation, String group) {
		this.operation = operation;
		this.group = group;
	}

	public String getOperation() {
		return this.operation;
	}

	/**
	 * The model group that routes the request: a configured name, never an alias.
	 * @return the group's name
	 */
	public String getGroup() {
		return this.group;
	}

	/**
	 * How the request ended.
	 * @return the outcome, or {@code null} while it runs
	 */
	public @Nullable RequestOutcome getOutcome() {
		return this.outcome;
	}

	public void setOutcome(RequestOutcome outcome) {
		this.outcome = outcome;
	}

	/**
	 * The provider that served the request.
	 * @return its name, or {@link #NO_PROVIDER}
	 */
	public String getProvider() {
		return this.provider;
	}

	public void setProvider(String provider) {
		this.provider = provider;
	}

	/**
	 * The wire format of the provider that served the request ({@code openai},
	 * {@code anthropic}, {@code ollama}, ...).
	 * @return the type, or {@code null} when none served
	 */
	public @Nullable String getProviderType() {
		return this.providerType;
	}

	public void setProviderType(@Nullable String providerType) {
		this.providerType = providerType;
	}

	/**
	 * The model that answered, as the provider reported it, else the model it was asked
	 * for (streams do not report theirs).
	 * @return the model, or {@code null} when none answered
	 */
	public @Nullable String getModel() {
		return this.model;
	}

	public void setModel(@Nullable String model) {
		this.model = model;
	}

	/**
	 * The tokens the provider counted.
	 * @return the usage, or {@code null} when none answered
	 */
	public @Nullable TokenUsage getUsage() {
		return this.usage;
	}

	public void setUsage(@Nullable TokenUsage usage) {
		this.usage = usage;
	}

	/**
	 * What the request cost.
	 * @return the cost, or {@code null} when none answered or the provider has no price
	 */
	public @Nullable Cost getCost() {
		return this.cost;
	}

	public void setCost(@Nullable Cost cost) {
		this.cost = cost;
	}

}

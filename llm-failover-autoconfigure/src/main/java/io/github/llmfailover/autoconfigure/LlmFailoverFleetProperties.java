package io.github.llmfailover.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Fleet mode: the application's instances share open circuits, cooldowns, operator
 * changes and rate-limit counts through the application's Redis
 * ({@code spring.data.redis.*}).
 */
@ConfigurationProperties(LlmFailoverFleetProperties.PREFIX)
public class LlmFailoverFleetProperties {

	public static final String PREFIX = "llm.failover.fleet";

	/**
	 * Whether to share provider state and rate limits with the other instances through
	 * Redis. Needs Spring Data Redis reactive with Lettuce
	 * (spring-boot-starter-data-redis-reactive).
	 */
	private boolean enabled;

	/**
	 * Prefix of every Redis key and of the channel, so that several applications can
	 * share one Redis. Default: llm-failover:${spring.application.name}.
	 */
	private @Nullable String keyPrefix;

	/**
	 * Longest wait for Redis on the request path (a rate-limit check); past it, the
	 * instance counts alone until Redis answers again.
	 */
	private Duration timeout = Duration.ofMillis(100);

	/**
	 * How often each instance reads the fleet's state, as a backstop for changes pushed
	 * on the channel, and to notice that Redis is back.
	 */
	private Duration syncInterval = Duration.ofSeconds(1);

	/**
	 * How long operator changes outlive the last running instance; every instance renews
	 * them while it runs.
	 */
	private Duration operatorChangeTtl = Duration.ofDays(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(@Nullable String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getSyncInterval() {
		return this.syncInterval;
	}

	public void setSyncInterval(Duration syncInterval) {
		this.syncInterval = syncInterval;
	}

	public Duration getOperatorChangeTtl() {
		return this.operatorChangeTtl;
	}

	public void setOperatorChangeTtl(Duration operatorChangeTtl) {
		this.operatorChangeTtl = operatorChangeTtl;
	}

}

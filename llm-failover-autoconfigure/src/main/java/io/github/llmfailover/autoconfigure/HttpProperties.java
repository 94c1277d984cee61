package io.github.llmfailover.autoconfigure;

import java.time.Duration;

/**
 * HTTP connections to the providers. Each provider has a connection pool of its own, so a
 * slow provider cannot starve the others of connections.
 */
public class HttpProperties {

	/**
	 * Connections each provider's pool may open.
	 */
	private int maxConnections = 500;

	/**
	 * How long an idle pooled connection is kept; providers close idle connections on
	 * their side, and reusing one they closed costs a failed attempt.
	 */
	private Duration maxIdleTime = Duration.ofSeconds(30);

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public Duration getMaxIdleTime() {
		return this.maxIdleTime;
	}

	public void setMaxIdleTime(Duration maxIdleTime) {
		this.maxIdleTime = maxIdleTime;
	}

}

package io.github.llmfailover.sample.warmup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The warm-up before readiness ({@code sample.warm-up.*}).
 */
@ConfigurationProperties("sample.warm-up")
public class WarmUpProperties {

	/**
	 * Whether to warm the request path before the readiness probe reports ready. Off by
	 * default: it moves the JIT's work before "ready", which makes start-up longer.
	 */
	private boolean enabled;

	/**
	 * Requests to send through the throwaway instance; the JIT compiles a method after
	 * some thousands of calls.
	 */
	private int requests = 20_000;

	/**
	 * Requests in flight at once, as many connections as a load balancer would open.
	 */
	private int concurrency = 32;

	/**
	 * Longest the warm-up may hold readiness back; the application becomes ready when it
	 * is over, warm or not.
	 */
	private Duration maxTime = Duration.ofSeconds(60);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getRequests() {
		return this.requests;
	}

	public void setRequests(int requests) {
		this.requests = requests;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
	}

	public Duration getMaxTime() {
		return this.maxTime;
	}

	public void setMaxTime(Duration maxTime) {
		this.maxTime = maxTime;
	}

}

package io.github.llmfailover.sample.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests-per-minute limits of the caller keys, one token bucket per key: a key may
 * burst up to its limit, and the bucket refills evenly over the minute. Per instance: a
 * gateway behind a load balancer with n instances allows n times the limit.
 */
final class RateLimits {

	private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

	private final Map<String, Integer> limits;

	private final LongSupplier nanoTime;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	/**
	 * @param limits requests per minute by key name; keys without a limit are absent
	 * @param nanoTime the clock, {@link System#nanoTime()} outside tests
	 */
	RateLimits(Map<String, Integer> limits, LongSupplier nanoTime) {
		this.limits = Map.copyOf(limits);
		this.nanoTime = nanoTime;
	}

	/**
	 * The limit of a key.
	 * @param key the key's name
	 * @return requests per minute, or 0 when unlimited
	 */
	int limitOf(String key) {
		return this.limits.getOrDefault(key, 0);
	}

	/**
	 * Take one request from the key's bucket.
	 * @param key the key's name
	 * @return zero when the request may go ahead, else how long until it could
	 */
	Duration acquire(String key) {
		int limit = limitOf(key);
		if (limit == 0) {
			return Duration.ZERO;
		}
		return this.buckets.computeIfAbsent(key, (name) -> new Bucket(limit, this.nanoTime.getAsLong()))
			.take(this.nanoTime.getAsLong());
	}

	/**
	 * Tokens counted in nanoseconds of refill time, so that the arithmetic stays exact:
	 * one request costs a minute divided by the limit.
	 */
	private static final class Bucket {

		private final long cost;

		private final long capacity;

		private long available;

		private long updated;

		Bucket(int perMinute, long now) {
			this.cost = NANOS_PER_MINUTE / perMinute;
			this.capacity = this.cost * perMinute;
			this.available = this.capacity;
			this.updated = now;
		}

		synchronized Duration take(long now) {
			this.available = Math.min(this.capacity, this.available + Math.max(0, now - this.updated));
			this.updated = now;
			if (this.available >= this.cost) {
				this.available -= this.cost;
				return Duration.ZERO;
			}
			return Duration.ofNanos(this.cost - this.available);
		}

	}

}

package io.github.llmfailover.benchmarks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

/**
 * A local OpenAI-compatible upstream whose latency and rate limit a run shapes while it
 * goes: a base latency, a share of calls that take much longer, and a rate limit of so
 * many requests per fixed window, announced in OpenAI's {@code x-ratelimit-*} headers and
 * answered with a 429 (with {@code retry-after} until the window ends) beyond it. Counts
 * calls, 429s and calls the client cancelled before their answer.
 */
final class ShapedUpstream implements AutoCloseable {

	private static final byte[] RATE_LIMITED = ("{\"error\":{\"message\":\"Rate limit reached for requests\","
			+ "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
		.getBytes(java.nio.charset.StandardCharsets.UTF_8);

	private final LocalServer server;

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong rateLimited = new AtomicLong();

	private final AtomicLong cancelled = new AtomicLong();

	private volatile Duration latency;

	private volatile double slowShare;

	private volatile Duration slowLatency = Duration.ZERO;

	private volatile int limitPerWindow;

	private volatile long windowMillis = 10_000;

	private long window;

	private int usedInWindow;

	ShapedUpstream(Duration latency) {
		this.latency = latency;
		this.server = new LocalServer("shaped-upstream", 0, 1,
				(request, response) -> request.receive().then().then(Mono.defer(() -> {
					this.calls.incrementAndGet();
					long now = System.currentTimeMillis();
					long left = admit(now);
					long windowEnd = (now / this.windowMillis + 1) * this.windowMillis;
					if (left < 0) {
						this.rateLimited.incrementAndGet();
						return response.status(429)
							.header("content-type", "application/json")
							.header("retry-after", Long.toString(Math.max(1, (windowEnd - now + 999) / 1000)))
							.header("x-ratelimit-remaining-requests", "0")
							.header("x-ratelimit-reset-requests", (windowEnd - now) + "ms")
							.sendByteArray(Mono.just(RATE_LIMITED))
							.then();
					}
					if (this.limitPerWindow > 0) {
						response.header("x-ratelimit-limit-requests", Integer.toString(this.limitPerWindow))
							.header("x-ratelimit-remaining-requests", Long.toString(left))
							.header("x-ratelimit-reset-requests", (windowEnd - now) + "ms");
					}
					Duration delay = (ThreadLocalRandom.current().nextDouble() < this.slowShare) ? this.slowLatency
							: this.latency;
					return response.header("content-type", "application/json")
						.sendByteArray(Mono.delay(delay).thenReturn(Upstream.ANSWER))
						.then()
						.doOnCancel(this.cancelled::incrementAndGet);
				})));
	}

	/**
	 * What is left in the window after this call, or -1 when the call is over the limit.
	 */
	private synchronized long admit(long now) {
		if (this.limitPerWindow <= 0) {
			return 0;
		}
		long current = now / this.windowMillis;
		if (current != this.window) {
			this.window = current;
			this.usedInWindow = 0;
		}
		if (this.usedInWindow >= this.limitPerWindow) {
			return -1;
		}
		this.usedInWindow++;
		return this.limitPerWindow - this.usedInWindow;
	}

	ShapedUpstream latency(Duration latency) {
		this.latency = latency;
		return this;
	}

	ShapedUpstream slow(double share, Duration latency) {
		this.slowShare = share;
		this.slowLatency = latency;
		return this;
	}

	ShapedUpstream rateLimit(int requests, Duration window) {
		this.limitPerWindow = requests;
		this.windowMillis = window.toMillis();
		return this;
	}

	long calls() {
		return this.calls.get();
	}

	long rateLimited() {
		return this.rateLimited.get();
	}

	long cancelled() {
		return this.cancelled.get();
	}

	String baseUrl() {
		return this.server.baseUrl();
	}

	@Override
	public void close() {
		this.server.close();
	}

}

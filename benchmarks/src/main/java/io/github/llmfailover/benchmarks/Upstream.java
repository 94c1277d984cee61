package io.github.llmfailover.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

/**
 * A local OpenAI-compatible upstream that answers every chat completion at once with a
 * realistic body, on an event loop of its own so it does not share the client's threads.
 * For fault runs it fails a chosen share of calls at random with OpenAI's 503 (no
 * {@code Retry-After}), and counts the calls it received.
 */
final class Upstream implements AutoCloseable {

	static final byte[] ANSWER = ("{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion\","
			+ "\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":"
			+ "{\"role\":\"assistant\",\"content\":\"Hello! How can I assist you today? I can answer questions, help "
			+ "you write or review code, or explain a concept.\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,"
			+ "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":28,\"total_tokens\":47,"
			+ "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":"
			+ "{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
			+ "\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\"}")
		.getBytes(StandardCharsets.UTF_8);

	static final byte[] OVERLOADED = ("{\"error\":{\"message\":\"The engine is currently overloaded, please try "
			+ "again later.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}")
		.getBytes(StandardCharsets.UTF_8);

	private final AtomicLong requests = new AtomicLong();

	private volatile double failureRate;

	private final LocalServer server;

	/** An upstream answering at once on a free port, on one event loop thread. */
	Upstream() {
		this(0, Duration.ZERO, 1);
	}

	/**
	 * @param port the port, 0 for a free one
	 * @param latency how long each answer takes
	 * @param threads event loop threads
	 */
	Upstream(int port, Duration latency, int threads) {
		Mono<byte[]> answer = latency.isZero() ? Mono.just(ANSWER) : Mono.delay(latency).thenReturn(ANSWER);
		this.server = new LocalServer("upstream", port, threads,
				(request, response) -> request.receive().then().then(Mono.defer(() -> {
					this.requests.incrementAndGet();
					double rate = this.failureRate;
					if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
						// As slow as an answer, so that failing calls cost what
						// served ones do.
						Mono<byte[]> overloaded = latency.isZero() ? Mono.just(OVERLOADED)
								: Mono.delay(latency).thenReturn(OVERLOADED);
						return response.status(503)
							.header("content-type", "application/json")
							.sendByteArray(overloaded)
							.then();
					}
					return response.header("content-type", "application/json").sendByteArray(answer).then();
				})));
	}

	/**
	 * Fail this share of calls from now on.
	 * @param failureRate 0 for none, 1 for every call
	 */
	void failureRate(double failureRate) {
		this.failureRate = failureRate;
	}

	/** The chat calls received so far. */
	long requests() {
		return this.requests.get();
	}

	int port() {
		return this.server.port();
	}

	String baseUrl() {
		return this.server.baseUrl();
	}

	@Override
	public void close() {
		this.server.close();
	}

}

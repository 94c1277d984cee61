package io.github.llmfailover.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A local OpenAI-compatible upstream that answers every chat completion at once with a
 * realistic body, on an event loop of its own so it does not share the client's threads.
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

	private final LoopResources loops;

	private final DisposableServer server;

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
		this.loops = LoopResources.create("upstream-" + port, threads, true);
		Mono<byte[]> answer = latency.isZero() ? Mono.just(ANSWER) : Mono.delay(latency).thenReturn(ANSWER);
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.runOn(this.loops)
			.handle((request, response) -> request.receive()
				.then()
				.then(response.header("content-type", "application/json").sendByteArray(answer).then()))
			.bindNow();
	}

	int port() {
		return this.server.port();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/v1";
	}

	@Override
	public void close() {
		this.server.disposeNow();
		this.loops.disposeLater().block();
	}

}

package io.github.llmfailover.sample;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider on 127.0.0.1 that answers every request with one JSON body in its wire
 * format and keeps each request's body, so that a test can read what the gateway sent
 * upstream.
 */
final class RecordingUpstream implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();

	private final DisposableServer server;

	/**
	 * @param answer the body of every answer, a whole answer in the provider's format
	 */
	RecordingUpstream(String answer) {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.aggregate()
				.asString()
				.doOnNext(this.bodies::add)
				.then(response.header("content-type", "application/json").sendString(Mono.just(answer)).then()))
			.bindNow();
	}

	/** An OpenAI-compatible provider; its base URL ends in {@code /v1}. */
	static RecordingUpstream openAi() {
		return new RecordingUpstream("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
				+ "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
				+ "\"content\":\"seen\"},\"finish_reason\":\"stop\"}],"
				+ "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}");
	}

	/** An Anthropic Messages provider. */
	static RecordingUpstream anthropic() {
		return new RecordingUpstream("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
				+ "\"model\":\"claude-haiku-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"seen\"}],"
				+ "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}");
	}

	/** An Ollama provider. */
	static RecordingUpstream ollama() {
		return new RecordingUpstream("{\"model\":\"llama3.2\",\"created_at\":\"2026-01-01T00:00:00Z\","
				+ "\"message\":{\"role\":\"assistant\",\"content\":\"seen\"},\"done\":true,\"done_reason\":\"stop\","
				+ "\"prompt_eval_count\":5,\"eval_count\":1}");
	}

	String rootUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/**
	 * The body of the oldest request not yet taken, waiting a little for it.
	 * @return the body as JSON
	 */
	JsonNode takeBody() throws InterruptedException {
		String body = this.bodies.poll(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
		assertThat(body).as("a request upstream").isNotNull();
		return JSON.readTree(body);
	}

	/** Forget what earlier tests sent. */
	void clear() {
		this.bodies.clear();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}

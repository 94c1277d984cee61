package io.github.llmfailover.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An HTTP server on 127.0.0.1 that answers like an LLM provider, or fails like one: a
 * status with an error body, silence after the headers, a stream that closes before or
 * after its first frame, a slow but healthy stream. Counts requests and notices when a
 * client closes its connection. Every answer is bounded in time, so a test that forgets
 * to stop it still ends.
 */
public final class FakeLlmServer implements AutoCloseable {

	private static final Duration LONGEST_SILENCE = Duration.ofMinutes(2);

	private final DisposableServer server;

	private final AtomicReference<Answer> answer = new AtomicReference<>(status(503, "{}"));

	private final AtomicInteger requests = new AtomicInteger();

	private final AtomicLong receivedBytes = new AtomicLong();

	private final AtomicReference<CountDownLatch> closed = new AtomicReference<>(new CountDownLatch(1));

	public FakeLlmServer() {
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle).bindNow();
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		this.requests.incrementAndGet();
		CountDownLatch latch = this.closed.get();
		request.withConnection((connection) -> connection.onDispose(latch::countDown));
		this.receivedBytes.set(0);
		return request.receive()
			.doOnNext((buffer) -> this.receivedBytes.addAndGet(buffer.readableBytes()))
			.then()
			.thenMany(this.answer.get().respond(response));
	}

	/**
	 * The base URL, ending in {@code /v1} for OpenAI-style clients.
	 * @return the URL
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/v1";
	}

	/**
	 * The root URL, for Anthropic- and Ollama-style clients.
	 * @return the URL
	 */
	public String rootUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public FakeLlmServer answer(Answer answer) {
		this.answer.set(answer);
		this.closed.set(new CountDownLatch(1));
		return this;
	}

	public int requests() {
		return this.requests.get();
	}

	/**
	 * The size of the latest request's body, counted as it arrived.
	 * @return the bytes received
	 */
	public long receivedBytes() {
		return this.receivedBytes.get();
	}

	/**
	 * A latch released when the connection of the latest request closes.
	 * @return the latch
	 */
	public CountDownLatch connectionClosed() {
		return this.closed.get();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	/**
	 * How the server answers a request.
	 */
	@FunctionalInterface
	public interface Answer {

		Publisher<Void> respond(HttpServerResponse response);

	}

	public static Answer status(int status, String body) {
		return status(status, body, Map.of());
	}

	public static Answer status(int status, String body, Map<String, String> headers) {
		return (response) -> {
			headers.forEach(response::header);
			return response.status(status)
				.header("content-type", "application/json")
				.sendString(Mono.just(body))
				.then();
		};
	}

	/** A successful OpenAI Chat Completions answer. */
	public static Answer openAiAnswer(String content) {
		return status(200,
				"{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
						+ "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content
						+ "\"},"
						+ "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}");
	}

	/** A successful Anthropic Messages answer. */
	public static Answer anthropicAnswer(String content) {
		return status(200,
				"{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\","
						+ "\"content\":[{\"type\":\"text\",\"text\":\"" + content + "\"}],\"stop_reason\":\"end_turn\","
						+ "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}");
	}

	/** A successful Ollama chat answer. */
	public static Answer ollamaAnswer(String content) {
		return status(200,
				"{\"model\":\"llama3.2\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
						+ "\"content\":\"" + content + "\"},\"done\":true,\"done_reason\":\"stop\","
						+ "\"prompt_eval_count\":5,\"eval_count\":2}");
	}

	/** No answer at all, not even headers (bounded). */
	public static Answer hang() {
		return (response) -> Mono.delay(LONGEST_SILENCE).then();
	}

	/**
	 * A stream: the frames, each already in its wire framing, one every {@code interval}.
	 */
	public static Answer stream(String contentType, List<String> frames, Duration interval) {
		return (response) -> response.status(200)
			.header("content-type", contentType)
			.sendString(Flux.fromIterable(frames).delayElements(interval), StandardCharsets.UTF_8)
			.then();
	}

	/**
	 * The frames of a stream, then the connection is cut without the stream's end.
	 */
	public static Answer streamThenCut(String contentType, List<String> frames, Duration interval) {
		return (response) -> response.status(200)
			.header("content-type", contentType)
			.sendString(Flux.fromIterable(frames).delayElements(interval), StandardCharsets.UTF_8)
			.then()
			.then(Mono.fromRunnable(() -> response.withConnection((connection) -> connection.dispose())));
	}

	/**
	 * The frames of a stream, then silence (bounded) without the stream's end.
	 */
	public static Answer streamThenSilence(String contentType, List<String> frames, Duration interval) {
		return (response) -> response.status(200)
			.header("content-type", contentType)
			.sendString(Flux.fromIterable(frames)
				.delayElements(interval)
				.concatWith(Mono.delay(LONGEST_SILENCE).then(Mono.empty())), StandardCharsets.UTF_8)
			.then();
	}

	/**
	 * Headers of a successful stream, then nothing.
	 */
	public static Answer silentAfterHeaders(String contentType) {
		return (response) -> response.status(200)
			.header("content-type", contentType)
			.sendHeaders()
			.then()
			.then(Mono.delay(LONGEST_SILENCE))
			.then();
	}

	/**
	 * As many copies of a frame as the client will take, as fast as it takes them,
	 * counting those the server managed to send.
	 */
	public static Answer flood(String contentType, String frame, int count, AtomicInteger sent) {
		return (response) -> response.status(200)
			.header("content-type", contentType)
			.sendString(Flux.range(0, count).map((i) -> frame).doOnNext((f) -> sent.incrementAndGet()),
					StandardCharsets.UTF_8)
			.then();
	}

	/**
	 * Frames for as long as the client listens (bounded), one every {@code interval}.
	 */
	public static Answer endless(String contentType, String frame, Duration interval) {
		return (response) -> response.status(200)
			.header("content-type", contentType)
			.sendString(Flux.interval(interval).map((tick) -> frame).take(LONGEST_SILENCE.dividedBy(interval)),
					StandardCharsets.UTF_8)
			.then();
	}

}

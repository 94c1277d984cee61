package io.github.llmfailover.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A local OpenAI-compatible upstream that streams every chat completion: the first chunk
 * (the assistant's role and the first token) after a delay, then one token per chunk at a
 * fixed interval, the last with {@code finish_reason}, the usage chunk and
 * {@code data: [DONE]}. Each chunk is flushed on its own, as a provider sends tokens as
 * it generates them. On an event loop of its own, so it does not share the client's
 * threads. Stand-alone for the gateway benchmark:
 * {@code java -cp benchmarks.jar io.github.llmfailover.benchmarks.StreamUpstream <first-ms> <gap-ms> <chunks> <port>},
 * listening on 127.0.0.1 until killed.
 */
public final class StreamUpstream implements AutoCloseable {

	private static final String HEAD = "data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\","
			+ "\"object\":\"chat.completion.chunk\",\"created\":1741570283,\"model\":\"gpt-4o-mini-2024-07-18\","
			+ "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[{\"index\":0,";

	private final LocalServer server;

	/**
	 * @param port the port, 0 for a free one
	 * @param first how long until the first chunk
	 * @param gap the time between two chunks
	 * @param chunks the chunks of text, at least 1
	 */
	StreamUpstream(int port, Duration first, Duration gap, int chunks) {
		this.server = new LocalServer("stream-upstream", port, 1,
				(request, response) -> request.receive()
					.then()
					.then(response.header("content-type", "text/event-stream")
						.send(frames(first, gap, chunks), (frame) -> true)
						.then()));
	}

	/** The frames of one answer, each a buffer of its own so that each is flushed. */
	private static Flux<ByteBuf> frames(Duration first, Duration gap, int chunks) {
		Flux<Integer> indexes = gap.isZero() ? Flux.range(0, chunks)
				: Flux.range(0, chunks).concatMap((i) -> (i == 0) ? Mono.just(i) : Mono.delay(gap).thenReturn(i));
		Flux<Integer> timed = first.isZero() ? indexes : Mono.delay(first).thenMany(indexes);
		return timed.map((index) -> frame(chunk(index, chunks)))
			.concatWith(Flux.just(frame(usage()), frame("data: [DONE]\n\n")));
	}

	/** Chunk {@code index}: the first names the role, the last has the finish reason. */
	static String chunk(int index, int chunks) {
		String role = (index == 0) ? "\"role\":\"assistant\"," : "";
		String finish = (index == chunks - 1) ? "\"stop\"" : "null";
		return HEAD + "\"delta\":{" + role + "\"content\":\"" + token(index) + "\"},\"logprobs\":null,"
				+ "\"finish_reason\":" + finish + "}],\"usage\":null}\n\n";
	}

	static String token(int index) {
		return (index == 0) ? "Hello" : " word" + index;
	}

	private static String usage() {
		return HEAD.replace("\"choices\":[{\"index\":0,", "\"choices\":[],")
				+ "\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":20,\"total_tokens\":39}}\n\n";
	}

	private static ByteBuf frame(String text) {
		return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
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

	public static void main(String[] args) throws InterruptedException {
		Duration first = Duration.ofMillis(Long.parseLong(args[0]));
		Duration gap = Duration.ofMillis(Long.parseLong(args[1]));
		int chunks = Integer.parseInt(args[2]);
		StreamUpstream upstream = new StreamUpstream(Integer.parseInt(args[3]), first, gap, chunks);
		Runtime.getRuntime().addShutdownHook(new Thread(upstream::close));
		System.out.println("READY first chunk after " + first.toMillis() + " ms, " + chunks + " chunks "
				+ gap.toMillis() + " ms apart, on " + upstream.port());
		new CountDownLatch(1).await();
	}

}

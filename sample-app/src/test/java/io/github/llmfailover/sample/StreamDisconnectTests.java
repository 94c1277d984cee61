package io.github.llmfailover.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that goes away in the middle of a streamed answer takes the upstream call with
 * it: the gateway writes the events to the response itself, and the response's end
 * cancels the provider's stream, so no provider keeps generating (and billing) tokens
 * nobody reads. The provider here is an OpenAI-compatible server on 127.0.0.1 streaming a
 * chunk every 50 ms, at most 200.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("stream-disconnect")
class StreamDisconnectTests {

	private static final int CHUNKS = 200;

	private static final CountDownLatch upstreamCancelled = new CountDownLatch(1);

	private static final AtomicInteger chunksSent = new AtomicInteger();

	private static final DisposableServer upstream = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.handle((request, response) -> request.receive()
			.then()
			.then(response.header("content-type", "text/event-stream").send(chunks(), (chunk) -> true).then()))
		.bindNow();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) {
		registry.add("llm.failover.providers.openai.type", () -> "openai");
		registry.add("llm.failover.providers.openai.base-url", () -> "http://127.0.0.1:" + upstream.port() + "/v1");
		registry.add("llm.failover.providers.openai.model", () -> "gpt-4o-mini");
		registry.add("gateway.allow-anonymous", () -> "true");
	}

	@AfterAll
	static void stopUpstream() {
		upstream.disposeNow();
	}

	private static Flux<ByteBuf> chunks() {
		return Flux.interval(Duration.ofMillis(50))
			.take(CHUNKS)
			.map((index) -> chunk(index))
			.doOnNext((chunk) -> chunksSent.incrementAndGet())
			.doOnCancel(upstreamCancelled::countDown);
	}

	private static ByteBuf chunk(long index) {
		String role = (index == 0) ? "\"role\":\"assistant\"," : "";
		return Unpooled.wrappedBuffer(("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
				+ "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{" + role + "\"content\":\"t" + index
				+ " \"},\"finish_reason\":null}]}\n\n")
			.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aClientGoneMidStreamCancelsTheUpstreamCall() throws InterruptedException {
		String firstEvents = HttpClient.create()
			.headers((headers) -> headers.set("Content-Type", "application/json"))
			.post()
			.uri("http://127.0.0.1:" + this.port + "/v1/chat/completions")
			.send(ByteBufFlux.fromString(Mono
				.just("{\"model\":\"any\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}")))
			.responseContent()
			.asString()
			// Taking the first piece and no more closes the client's connection.
			.next()
			.block(Duration.ofSeconds(20));

		assertThat(firstEvents).contains("\"content\":\"t0 \"");
		assertThat(upstreamCancelled.await(10, TimeUnit.SECONDS)).as("the upstream stream cancelled").isTrue();
		assertThat(chunksSent.get()).isLessThan(CHUNKS);
	}

}

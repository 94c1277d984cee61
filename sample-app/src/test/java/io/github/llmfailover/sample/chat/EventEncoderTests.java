package io.github.llmfailover.sample.chat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.ServerSentEventHttpMessageWriter;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EventEncoder} writes what Spring's own server-sent-event writer writes, all
 * events in one piece.
 */
class EventEncoderTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final EventEncoder encoder = new EventEncoder(JSON);

	@Test
	void eventsAreWrittenAsSpringsWriterWritesThem() {
		List<ServerSentEvent<?>> events = List.of(ServerSentEvent.builder("{\"a\":1}").build(),
				ServerSentEvent.builder("[DONE]").event("done").id("7").build(),
				ServerSentEvent.builder("one\ntwo\r\nthree\rfour").build(),
				ServerSentEvent.builder(Map.of("error", "it broke")).event("error").build(),
				ServerSentEvent.builder().comment("keep\nalive").retry(Duration.ofSeconds(3)).build(),
				ServerSentEvent.builder("naïve ✓").build());

		assertThat(text(this.encoder.encode(events))).isEqualTo(springsWriter(events))
			.contains("data:one\ndata:two\ndata:three\ndata:four\n\n")
			.contains("event:error\ndata:{\"error\":\"it broke\"}\n\n");
	}

	@Test
	void noEventsAreNothing() {
		assertThat(this.encoder.encode(List.of())).isEmpty();
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static String springsWriter(List<ServerSentEvent<?>> events) {
		MockServerHttpResponse response = new MockServerHttpResponse();
		new ServerSentEventHttpMessageWriter(new JacksonJsonEncoder(JSON))
			.write(Flux.fromIterable(events), ResolvableType.forClass(ServerSentEvent.class),
					MediaType.TEXT_EVENT_STREAM, response, Map.of())
			.block(Duration.ofSeconds(5));
		return response.getBodyAsString().block(Duration.ofSeconds(5));
	}

}

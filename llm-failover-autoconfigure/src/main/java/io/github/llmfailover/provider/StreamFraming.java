package io.github.llmfailover.provider;

import reactor.core.publisher.Flux;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * How a wire format frames its streams. Spring's decoders split the body and reassemble
 * frames that arrive split across network reads.
 */
public enum StreamFraming {

	/** Server-sent events ({@code text/event-stream}): OpenAI, Anthropic. */
	SERVER_SENT_EVENTS(MediaType.TEXT_EVENT_STREAM) {

		@Override
		Flux<StreamFrame> frames(ClientResponse response) {
			return response.bodyToFlux(SSE_OF_STRINGS).map((event) -> new StreamFrame(event.event(), event.data()));
		}

	},

	/** One JSON object a line ({@code application/x-ndjson}): Ollama. */
	NDJSON(MediaType.APPLICATION_NDJSON) {

		@Override
		Flux<StreamFrame> frames(ClientResponse response) {
			return response.bodyToFlux(String.class).map((line) -> new StreamFrame(null, line));
		}

	};

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE_OF_STRINGS = //
			new ParameterizedTypeReference<>() {
			};

	private final MediaType mediaType;

	StreamFraming(MediaType mediaType) {
		this.mediaType = mediaType;
	}

	/**
	 * The media type a stream request accepts.
	 * @return the media type
	 */
	MediaType mediaType() {
		return this.mediaType;
	}

	/**
	 * Split a streamed body into frames.
	 * @param response the streamed answer
	 * @return the frames
	 */
	abstract Flux<StreamFrame> frames(ClientResponse response);

}

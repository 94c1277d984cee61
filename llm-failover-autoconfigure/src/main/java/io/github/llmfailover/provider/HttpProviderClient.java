package io.github.llmfailover.provider;

import java.time.Clock;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;

/**
 * A chat call over HTTP, the part every wire format shares: the request's body in the
 * format with its extra fields for this provider type merged in, sent through the
 * provider's {@link ProviderWebClient}; a whole answer read up to
 * {@code max-response-size}, or a stream split into frames by its {@link StreamFraming}
 * and decoded; error answers turned into {@link ProviderErrors readable exceptions} with
 * their retry hints; the rate-limit headers of every answer reported to routing.
 * Subclasses describe only their format: the built-in ones live in a package each
 * ({@code provider.openai}, {@code provider.anthropic}, {@code provider.ollama}).
 */
public abstract class HttpProviderClient implements ProviderClient {

	private static final DataBuffer EMPTY_BODY = DefaultDataBufferFactory.sharedInstance.allocateBuffer(0);

	protected final ProviderSettings settings;

	private final ProviderWebClient http;

	private final ProviderErrors errors;

	private final int maxResponseBytes;

	private final Clock clock = Clock.systemUTC();

	/**
	 * @param settings the provider's settings
	 * @param webClientBuilder a builder for this provider alone
	 * @param chatPath the chat endpoint's path below the base URL
	 */
	protected HttpProviderClient(ProviderSettings settings, WebClient.Builder webClientBuilder, String chatPath) {
		this.settings = settings;
		this.http = new ProviderWebClient(settings, webClientBuilder, chatPath, this::authenticate);
		this.errors = new ProviderErrors(settings, this::errorMessage, this::errorCode, this.clock);
		this.maxResponseBytes = Math.toIntExact(settings.maxResponseSize().toBytes());
	}

	/**
	 * Add the provider's credentials to the default headers.
	 * @param headers the default headers
	 */
	protected void authenticate(HttpHeaders headers) {
		if (this.settings.apiKey() != null) {
			headers.setBearerAuth(this.settings.apiKey());
		}
	}

	/**
	 * The JSON body of a chat request in this wire format.
	 * @param request the request
	 * @param stream whether to ask for a stream
	 * @return the body
	 */
	protected abstract ObjectNode requestBody(ChatRequest request, boolean stream);

	/**
	 * Read a successful answer.
	 * @param body the parsed body
	 * @return the completion
	 * @throws IllegalStateException naming what is missing when the body is not this
	 * format
	 */
	protected abstract Completion readCompletion(JsonNode body);

	/**
	 * The message inside an error body of this format.
	 * @param body the parsed error body
	 * @return the message, or {@code null} when the body has none
	 */
	protected abstract @Nullable String errorMessage(JsonNode body);

	/**
	 * The error code or type inside an error body of this format.
	 * @param body the parsed error body
	 * @return the code, or {@code null}
	 */
	protected abstract @Nullable String errorCode(JsonNode body);

	/**
	 * A decoder for one stream of this format.
	 * @return a new decoder
	 */
	protected abstract StreamDecoder newStreamDecoder();

	/**
	 * How this format frames its streams.
	 * @return server-sent events, unless the format streams otherwise
	 */
	protected StreamFraming streamFraming() {
		return StreamFraming.SERVER_SENT_EVENTS;
	}

	/**
	 * Read the rate-limit headers of this format from an answer, error or not.
	 * @param headers the answer's headers
	 * @param clock the clock that turns reset times into durations
	 * @return what they say, or {@code null} when the format has none or they are missing
	 */
	protected @Nullable RateLimitStatus rateLimitStatus(HttpHeaders headers, Clock clock) {
		return null;
	}

	@Override
	public Mono<Completion> complete(ChatRequest request) {
		return Mono.deferContextual((context) -> post(request, false).exchangeToMono((response) -> {
			reportRateLimit(response, context);
			int status = response.statusCode().value();
			if (!response.statusCode().is2xxSuccessful()) {
				return this.errors.error(response);
			}
			// The network buffers joined (not copied) up to the limit, and parsed where
			// they are: the answer's text is the only copy of it that stays.
			return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), this.maxResponseBytes)
				.defaultIfEmpty(EMPTY_BODY)
				.map((body) -> parseCompletion(status, body))
				.onErrorMap(DataBufferLimitException.class, (ex) -> this.errors.responseTooLarge(status, ex));
		}));
	}

	@Override
	public Flux<ChatChunk> stream(ChatRequest request) {
		StreamFraming framing = streamFraming();
		return Flux.deferContextual((context) -> post(request, true).accept(framing.mediaType())
			.exchangeToFlux((response) -> streamed(response, framing, context)));
	}

	private Flux<ChatChunk> streamed(ClientResponse response, StreamFraming framing, ContextView context) {
		reportRateLimit(response, context);
		if (!response.statusCode().is2xxSuccessful()) {
			return this.errors.<ChatChunk>error(response).flux();
		}
		StreamDecoder decoder = newStreamDecoder();
		FrameSink sink = new FrameSink(context, decoder::finished);
		return framing.frames(response)
			.map((frame) -> decoder.decode(frame, sink))
			.filter((chunk) -> chunk != FrameSink.NONE)
			.concatWith(Flux.defer(decoder::afterLastFrame))
			// Only one frame counts against the limit: streams have no size limit.
			.onErrorMap(DataBufferLimitException.class, (ex) -> this.errors.responseTooLarge(200, ex));
	}

	/**
	 * Tell the call's {@link RateLimitObserver}, if routing put one in its context, what
	 * the answer's rate-limit headers said.
	 */
	private void reportRateLimit(ClientResponse response, ContextView context) {
		RateLimitObserver observer = context.getOrDefault(RateLimitObserver.CONTEXT_KEY, null);
		if (observer != null) {
			RateLimitStatus status = rateLimitStatus(response.headers().asHttpHeaders(), this.clock);
			if (status != null) {
				observer.observe(status);
			}
		}
	}

	/**
	 * Start a chat request: the endpoint, the headers and the body.
	 * @param request the request
	 * @param stream whether to ask for a stream
	 * @return the request, ready to exchange
	 */
	protected WebClient.RequestHeadersSpec<?> post(ChatRequest request, boolean stream) {
		return this.http
			.post(WireJson.MAPPER.writeValueAsBytes(withExtraFields(requestBody(request, stream), request)));
	}

	private ObjectNode withExtraFields(ObjectNode body, ChatRequest request) {
		Map<String, Object> extra = request.extraBody(this.settings.type());
		if (!extra.isEmpty()) {
			extra.forEach((field, value) -> body.set(field, WireJson.MAPPER.valueToTree(value)));
		}
		return body;
	}

	private Completion parseCompletion(int status, DataBuffer body) {
		try {
			return readCompletion(WireJson.MAPPER.readTree(body.asInputStream()));
		}
		catch (JacksonException | IllegalStateException ex) {
			throw this.errors.malformed(status, ex);
		}
		finally {
			DataBufferUtils.release(body);
		}
	}

	/**
	 * The token limit of a request: its own, else the provider's default.
	 * @param request the request
	 * @return the limit, or {@code null} when neither sets one
	 */
	protected @Nullable Integer maxTokens(ChatRequest request) {
		return (request.maxTokens() != null) ? request.maxTokens() : this.settings.defaultMaxTokens();
	}

}

package io.github.llmfailover.provider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.TokenUsage;

/**
 * The HTTP plumbing every wire format shares: one {@link WebClient} per provider, JSON in
 * and out with a mapper of its own (so the application's Jackson settings cannot change
 * the wire format), error bodies turned into readable {@link ProviderException}s with the
 * retry hints, the request's extra body fields for this provider type merged in.
 * Subclasses describe only their format: the built-in ones live in a package each
 * ({@code provider.openai}, {@code provider.anthropic}, {@code provider.ollama}).
 */
public abstract class HttpProviderClient implements ProviderClient {

	/** The mapper of the wire formats, apart from the application's. */
	protected static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
		// max-response-size bounds what is read; Jackson's own cap on one string
		// (100M characters) would otherwise turn a longer answer into a malformed one.
		.streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
		.build()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

	private static final int MAX_MESSAGE_LENGTH = 300;

	private static final byte[] NO_BODY = new byte[0];

	private static final DataBuffer EMPTY_BODY = DefaultDataBufferFactory.sharedInstance.allocateBuffer(0);

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE_OF_STRINGS = //
			new ParameterizedTypeReference<>() {
			};

	protected final ProviderSettings settings;

	private final SecretRedactor redactor;

	private final WebClient webClient;

	private final URI chatEndpoint;

	private final int maxResponseBytes;

	private final Clock clock = Clock.systemUTC();

	/**
	 * @param settings the provider's settings
	 * @param webClientBuilder a builder for this provider alone
	 * @param chatPath the chat endpoint's path below the base URL
	 */
	protected HttpProviderClient(ProviderSettings settings, WebClient.Builder webClientBuilder, String chatPath) {
		this.settings = settings;
		this.redactor = SecretRedactor.of(settings);
		// Credentials in the base URL (user:secret@host) go in a header, never on the
		// wire
		// as part of the address, which HTTP clients drop anyway.
		this.chatEndpoint = UriComponentsBuilder.fromUri(settings.endpoint(chatPath))
			.userInfo(null)
			.build(true)
			.toUri();
		this.maxResponseBytes = Math.toIntExact(settings.maxResponseSize().toBytes());
		this.webClient = webClientBuilder.defaultHeaders((headers) -> {
			authenticate(headers);
			settings.headers().forEach(headers::set);
			basicAuthFromBaseUrl(headers);
		})
			// Codecs decode the frames of streams. Their limit comes from the application
			// (256 KB unless spring.http.codecs.max-in-memory-size says otherwise) and is
			// meant for its own calls: here one frame may be as long as a whole answer.
			// The builder is this provider's own clone, so the application's codecs stay
			// as they are.
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(this.maxResponseBytes))
			.build();
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
	 * Send the user-info of the base URL ({@code https://user:secret@host}, as proxies
	 * and self-hosted servers ask for) as HTTP Basic credentials, unless the API key or
	 * an extra header already fills {@code Authorization}.
	 * @param headers the default headers
	 */
	private void basicAuthFromBaseUrl(HttpHeaders headers) {
		String userInfo = this.settings.baseUrl().getUserInfo();
		if (userInfo == null || headers.containsHeader(HttpHeaders.AUTHORIZATION)) {
			return;
		}
		int colon = userInfo.indexOf(':');
		if (colon < 0) {
			headers.setBasicAuth(userInfo, "", StandardCharsets.UTF_8);
		}
		else {
			headers.setBasicAuth(userInfo.substring(0, colon), userInfo.substring(colon + 1), StandardCharsets.UTF_8);
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

	@Override
	public Mono<Completion> complete(ChatRequest request) {
		return Mono.deferContextual((context) -> post(request, false).exchangeToMono((response) -> {
			reportRateLimit(response, context);
			int status = response.statusCode().value();
			if (!response.statusCode().is2xxSuccessful()) {
				return errorBody(response).flatMap((body) -> Mono.error(errorResponse(response, body)));
			}
			// The network buffers joined (not copied) up to the limit, and parsed where
			// they are: the answer's text is the only copy of it that stays.
			return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), this.maxResponseBytes)
				.defaultIfEmpty(EMPTY_BODY)
				.map((body) -> parseCompletion(status, body))
				.onErrorMap(DataBufferLimitException.class, (ex) -> responseTooLarge(status, ex));
		}));
	}

	@Override
	public Flux<ChatChunk> stream(ChatRequest request) {
		return Flux.deferContextual((context) -> post(request, true).accept(streamMediaType())
			.exchangeToFlux((response) -> streamed(response, context)));
	}

	private Flux<ChatChunk> streamed(ClientResponse response, ContextView context) {
		reportRateLimit(response, context);
		if (!response.statusCode().is2xxSuccessful()) {
			return errorBody(response).flatMapMany((body) -> Flux.error(errorResponse(response, body)));
		}
		StreamDecoder decoder = newStreamDecoder();
		return frames(response).<ChatChunk>handle((frame, sink) -> decoder.decode(frame.event(), frame.data(), sink))
			.concatWith(Flux.defer(decoder::afterLastFrame))
			// Only one frame counts against the limit: streams have no size limit.
			.onErrorMap(DataBufferLimitException.class, (ex) -> responseTooLarge(200, ex));
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
	 * Read the rate-limit headers of this format from an answer, error or not.
	 * @param headers the answer's headers
	 * @param clock the clock that turns reset times into durations
	 * @return what they say, or {@code null} when the format has none or they are missing
	 */
	protected @Nullable RateLimitStatus rateLimitStatus(HttpHeaders headers, Clock clock) {
		return null;
	}

	private ProviderException responseTooLarge(int status, Throwable cause) {
		return ProviderException.responseTooLarge(this.settings.name(), status, this.settings.maxResponseSize(), cause);
	}

	/**
	 * The start of an error body: the status decides what the error means, the body only
	 * gives its message, so a body longer than the limit is cut there.
	 */
	private Mono<byte[]> errorBody(ClientResponse response) {
		return DataBufferUtils
			.join(DataBufferUtils.takeUntilByteCount(response.body(BodyExtractors.toDataBuffers()),
					this.maxResponseBytes))
			.map((buffer) -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			})
			.defaultIfEmpty(NO_BODY);
	}

	/**
	 * The media type of this format's streams.
	 * @return server-sent events, unless the format streams otherwise
	 */
	protected MediaType streamMediaType() {
		return MediaType.TEXT_EVENT_STREAM;
	}

	/**
	 * Split a streamed body into frames; Spring's decoders reassemble frames that arrive
	 * split across network reads.
	 * @param response the streamed answer
	 * @return the frames: server-sent events, unless the format streams otherwise
	 */
	protected Flux<StreamFrame> frames(ClientResponse response) {
		return response.bodyToFlux(SSE_OF_STRINGS).map((event) -> new StreamFrame(event.event(), event.data()));
	}

	/**
	 * A decoder for one stream of this format.
	 * @return a new decoder
	 */
	protected abstract StreamDecoder newStreamDecoder();

	/**
	 * One frame of a stream.
	 *
	 * @param event the SSE event name, or {@code null}
	 * @param data the SSE data or the NDJSON line
	 */
	public record StreamFrame(@Nullable String event, @Nullable String data) {
	}

	/**
	 * Start a chat request: the endpoint, the headers and the body.
	 * @param request the request
	 * @param stream whether to ask for a stream
	 * @return the request, ready to exchange
	 */
	protected WebClient.RequestHeadersSpec<?> post(ChatRequest request, boolean stream) {
		return this.webClient.post()
			.uri(this.chatEndpoint)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.writeValueAsBytes(withExtraFields(requestBody(request, stream), request)));
	}

	private ObjectNode withExtraFields(ObjectNode body, ChatRequest request) {
		Map<String, Object> extra = request.extraBody(this.settings.type());
		if (!extra.isEmpty()) {
			extra.forEach((field, value) -> body.set(field, JSON.valueToTree(value)));
		}
		return body;
	}

	private Completion parseCompletion(int status, DataBuffer body) {
		try {
			return readCompletion(JSON.readTree(body.asInputStream()));
		}
		catch (JacksonException | IllegalStateException ex) {
			throw ProviderException.malformed(this.settings.name(), status,
					this.redactor.redact(abbreviate(ex.getMessage())), ex);
		}
		finally {
			DataBufferUtils.release(body);
		}
	}

	/**
	 * Turn an error answer into a {@link ProviderException} carrying the provider's
	 * message and retry hints.
	 * @param response the answer
	 * @param body its body, possibly empty
	 * @return the exception
	 */
	protected ProviderException errorResponse(ClientResponse response, byte[] body) {
		int status = response.statusCode().value();
		JsonNode json = parseQuietly(body);
		String message = (json != null) ? errorMessage(json) : null;
		if (message == null || message.isBlank()) {
			message = (body.length > 0) ? new String(body, StandardCharsets.UTF_8).strip() : "HTTP " + status;
		}
		HttpHeaders headers = response.headers().asHttpHeaders();
		return ProviderException.errorStatus(this.settings.name(), status, this.redactor.redact(abbreviate(message)),
				(json != null) ? errorCode(json) : null, RetryHints.retryAfter(headers, this.clock),
				RetryHints.shouldRetry(headers));
	}

	private static @Nullable JsonNode parseQuietly(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	public static String abbreviate(@Nullable String text) {
		if (text == null) {
			return "";
		}
		return (text.length() <= MAX_MESSAGE_LENGTH) ? text : text.substring(0, MAX_MESSAGE_LENGTH) + "...";
	}

	/**
	 * The token limit of a request: its own, else the provider's default.
	 * @param request the request
	 * @return the limit, or {@code null} when neither sets one
	 */
	protected @Nullable Integer maxTokens(ChatRequest request) {
		return (request.maxTokens() != null) ? request.maxTokens() : this.settings.defaultMaxTokens();
	}

	/**
	 * A text field the format requires.
	 * @param node the parent node
	 * @param field the field
	 * @param where where the field sits, for the error message
	 * @return its text
	 */
	public static String requiredText(JsonNode node, String field, String where) {
		JsonNode value = node.path(field);
		if (!value.isString()) {
			throw new IllegalStateException("no '" + where + "' in the answer");
		}
		return value.stringValue();
	}

	public static @Nullable String optionalText(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.stringValue() : null;
	}

	public static TokenUsage usage(JsonNode node, String inputField, String outputField) {
		return new TokenUsage(node.path(inputField).asInt(0), node.path(outputField).asInt(0));
	}

	/**
	 * OpenAI's usage: {@code prompt_tokens} include the
	 * {@code prompt_tokens_details.cached_tokens} read from the prompt cache.
	 */
	public static TokenUsage openAiUsage(JsonNode usage) {
		return new TokenUsage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
				usage.path("prompt_tokens_details").path("cached_tokens").asInt(0), 0);
	}

	/**
	 * Anthropic's usage: {@code input_tokens} leave out the prompt cache's reads
	 * ({@code cache_read_input_tokens}) and writes ({@code cache_creation_input_tokens}),
	 * which are added here so that the input counts every prompt token.
	 */
	public static TokenUsage anthropicUsage(JsonNode usage) {
		int cacheRead = usage.path("cache_read_input_tokens").asInt(0);
		int cacheWrite = usage.path("cache_creation_input_tokens").asInt(0);
		return new TokenUsage(usage.path("input_tokens").asInt(0) + cacheRead + cacheWrite,
				usage.path("output_tokens").asInt(0), cacheRead, cacheWrite);
	}

	protected static ObjectNode newObject() {
		return JSON.createObjectNode();
	}

}

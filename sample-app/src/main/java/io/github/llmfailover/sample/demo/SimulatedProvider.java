package io.github.llmfailover.sample.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

import io.github.llmfailover.sample.demo.SimulatedWireFormat.Refusal;
import io.github.llmfailover.sample.demo.SimulatedWireFormat.StreamFrames;

/**
 * A simulated LLM provider: an HTTP server of its own on 127.0.0.1 that answers in one
 * provider's wire format with a realistic latency, and that can be made to fail. Every
 * delay is bounded, so a fault never holds a connection or memory for long.
 */
public final class SimulatedProvider {

	private static final Log logger = LogFactory.getLog(SimulatedProvider.class);

	/** The longest a hanging request is held before its connection is closed. */
	static final Duration LONGEST_HANG = Duration.ofMinutes(5);

	/** Slow answers take this many times longer. */
	private static final int SLOWDOWN = 10;

	private static final int TOKENS_BEFORE_BREAK = 3;

	private static final Duration SLOW_FIRST_TOKEN = Duration.ofSeconds(3);

	/** Time between two streamed tokens. */
	private static final long TOKEN_GAP_MS = 25;

	private final String name;

	private final int port;

	private final SimulatedWireFormat format;

	/**
	 * What its answers' rate-limit headers announce; {@code null} for formats without.
	 */
	private final @Nullable SimulatedRateLimit rateLimit;

	private final boolean realisticLatency;

	private final AtomicLong requests = new AtomicLong();

	private volatile Fault fault = Fault.NONE;

	private volatile @Nullable Instant faultUntil;

	private volatile Sinks.Empty<Void> faultCleared = Sinks.empty();

	private @Nullable Disposable faultTimer;

	private @Nullable DisposableServer server;

	/**
	 * Open connections: refusing must close those too, or pooled clients would still get
	 * in.
	 */
	private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

	SimulatedProvider(String name, int port, SimulatedWireFormat format, boolean realisticLatency) {
		this.name = name;
		this.port = port;
		this.format = format;
		this.rateLimit = format.newRateLimit();
		this.realisticLatency = realisticLatency;
	}

	public String name() {
		return this.name;
	}

	public int port() {
		return this.port;
	}

	public Fault fault() {
		return this.fault;
	}

	/**
	 * When the current fault ends by itself.
	 * @return the time, or {@code null} when it lasts until reset
	 */
	public @Nullable Instant faultUntil() {
		return this.faultUntil;
	}

	public long requests() {
		return this.requests.get();
	}

	/**
	 * Make the provider misbehave.
	 * @param fault how
	 * @param duration for how long, or {@code null} until {@link #reset()}
	 */
	public synchronized void setFault(Fault fault, @Nullable Duration duration) {
		if (this.faultTimer != null) {
			this.faultTimer.dispose();
			this.faultTimer = null;
		}
		// Requests held by the previous fault (hangs) are let go now.
		this.faultCleared.tryEmitEmpty();
		this.faultCleared = Sinks.empty();
		this.fault = fault;
		this.faultUntil = (duration != null) ? Instant.now().plus(duration) : null;
		if (fault == Fault.REFUSE) {
			stop();
		}
		else {
			start();
		}
		if (duration != null) {
			this.faultTimer = Schedulers.parallel()
				.schedule(this::reset, duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		}
		logger.info("Simulated provider '" + this.name + "': " + fault.displayName()
				+ ((duration != null) ? " for " + duration.toSeconds() + "s" : ""));
	}

	public void reset() {
		setFault(Fault.NONE, null);
	}

	synchronized void start() {
		if (this.server == null) {
			this.server = HttpServer.create()
				.host("127.0.0.1")
				.port(this.port)
				.doOnChannelInit((observer, channel, address) -> {
					this.channels.add(channel);
					channel.closeFuture().addListener((closed) -> this.channels.remove(channel));
				})
				.route((routes) -> routes.post(this.format.path(), this::handle))
				.bindNow();
		}
	}

	synchronized void stop() {
		if (this.server != null) {
			this.server.disposeNow();
			this.server = null;
		}
		this.channels.forEach(Channel::close);
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		this.requests.incrementAndGet();
		Fault current = this.fault;
		Mono<Void> cleared = this.faultCleared.asMono();
		HttpHeaders headers = new HttpHeaders();
		request.requestHeaders().forEach((header) -> headers.add(header.getKey(), header.getValue()));
		return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap((bytes) -> {
			JsonNode body;
			try {
				body = SimulatedWireFormat.JSON.readTree(bytes);
			}
			catch (JacksonException ex) {
				return send(response, new Refusal(400, SimulatedWireFormat.object().put("error", "invalid JSON")));
			}
			Refusal refusal = this.format.check(headers, body);
			if (refusal != null) {
				return send(response, refusal);
			}
			return answer(body, current, cleared, response);
		});
	}

	private Mono<Void> answer(JsonNode body, Fault current, Mono<Void> cleared, HttpServerResponse response) {
		switch (current) {
			case SERVER_ERROR, OVERLOADED, RATE_LIMITED, BAD_REQUEST -> {
				return latency(current).then(send(response, this.format.refusal(current)));
			}
			case HANG -> {
				// Never answers: the connection is closed when the fault is cleared or,
				// at the latest, after LONGEST_HANG.
				return Mono.firstWithSignal(cleared, Mono.delay(LONGEST_HANG).then())
					.then(Mono.fromRunnable(() -> response.withConnection((connection) -> connection.dispose())));
			}
			case RESET -> {
				return reset(response);
			}
			case GARBAGE_500 -> {
				return latency(current).then(response.status(500)
					.header("content-type", "text/html")
					.sendString(Mono.just("<html><body><h1>500 Internal Server Error</h1><hr>nginx</body></html>"))
					.then());
			}
			default -> {
				SimulatedAnswer answer = SimulatedAnswer.to(this.name, this.format.promptOf(body),
						this.format.tools(body));
				announceRateLimit(answer, response);
				return this.format.wantsStream(body) ? stream(body, answer, current, response)
						: latency(current).then(whole(body, answer, current, response));
			}
		}
	}

	private Mono<Void> whole(JsonNode body, SimulatedAnswer answer, Fault current, HttpServerResponse response) {
		if (current == Fault.ERROR_EVENT) {
			return sendJson(response, 200, this.format.refusal(Fault.OVERLOADED).body());
		}
		byte[] completion = SimulatedWireFormat.JSON.writeValueAsBytes(this.format.completion(this.name, body, answer));
		if (current == Fault.TRUNCATED) {
			byte[] half = java.util.Arrays.copyOf(completion, completion.length / 2);
			return response.status(200)
				.header("content-type", "application/json")
				.sendByteArray(Mono.just(half))
				.then()
				.then(Mono.fromRunnable(() -> response.withConnection((connection) -> connection.dispose())));
		}
		return response.status(200)
			.header("content-type", "application/json")
			.sendByteArray(Mono.just(completion))
			.then();
	}

	/**
	 * Count the answer against the rate limit and say what is left in its headers.
	 */
	private void announceRateLimit(SimulatedAnswer answer, HttpServerResponse response) {
		SimulatedRateLimit limit = this.rateLimit;
		if (limit != null) {
			SimulatedRateLimit.Budget budget = limit.spend(answer.inputTokens() + answer.outputTokens(),
					System.currentTimeMillis());
			this.format.rateLimitHeaders(budget, response::header);
		}
	}

	/** Close the connection with a TCP reset rather than a clean close. */
	private static Mono<Void> reset(HttpServerResponse response) {
		return Mono.fromRunnable(() -> response.withConnection((connection) -> {
			connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
			connection.channel().close();
		}));
	}

	private Mono<Void> stream(JsonNode body, SimulatedAnswer answer, Fault current, HttpServerResponse response) {
		StreamFrames frames = this.format.streamFrames(this.name, body, answer);
		Flux<String> tokens = Flux.fromIterable(frames.tokens());
		if (current == Fault.SLOW) {
			tokens = tokens.delayElements(Duration.ofMillis(TOKEN_GAP_MS * SLOWDOWN));
		}
		else if (this.realisticLatency) {
			tokens = tokens.delayElements(Duration.ofMillis(TOKEN_GAP_MS));
		}
		Flux<String> opening = Flux.fromIterable(frames.opening());
		boolean cut = current == Fault.BREAK_MID_STREAM || current == Fault.TRUNCATED;
		Flux<String> all = switch (current) {
			case BREAK_MID_STREAM -> opening.concatWith(tokens.take(TOKENS_BEFORE_BREAK));
			case TRUNCATED -> {
				String first = frames.tokens().get(0);
				yield opening.concatWith(Mono.just(first.substring(0, first.length() / 2)));
			}
			case ERROR_EVENT -> opening.concatWith(Mono.just(this.format.streamError()));
			default -> Flux.concat(opening, tokens, Flux.fromIterable(frames.closing()));
		};
		Mono<Void> sent = latency(current).then(response.status(200)
			.header("content-type", this.format.streamContentType())
			.sendString(all, StandardCharsets.UTF_8)
			.then());
		return !cut ? sent
				: sent.then(Mono.fromRunnable(() -> response.withConnection((connection) -> connection.dispose())));
	}

	/**
	 * Time before the answer, or the first token: 30 to 80 ms (none without realistic
	 * latency), ten times that when slow, three seconds for a slow first token.
	 */
	private Mono<Long> latency(Fault current) {
		if (current == Fault.SLOW_FIRST_TOKEN) {
			return Mono.delay(SLOW_FIRST_TOKEN);
		}
		if (current != Fault.SLOW && !this.realisticLatency) {
			return Mono.just(0L);
		}
		long millis = ThreadLocalRandom.current().nextLong(30, 81) * ((current == Fault.SLOW) ? SLOWDOWN : 1);
		return Mono.delay(Duration.ofMillis(millis));
	}

	private static Mono<Void> send(HttpServerResponse response, Refusal refusal) {
		if (refusal.retryAfterSeconds() > 0) {
			response.header("retry-after", Integer.toString(refusal.retryAfterSeconds()));
		}
		return sendJson(response, refusal.status(), refusal.body());
	}

	private static Mono<Void> sendJson(HttpServerResponse response, int status, JsonNode body) {
		return response.status(status)
			.header("content-type", "application/json")
			.sendByteArray(Mono.just(SimulatedWireFormat.JSON.writeValueAsBytes(body)))
			.then();
	}

	static List<String> names() {
		return List.of("openai", "anthropic", "local");
	}

}

package io.github.llmfailover.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.routing.ProviderRegistry;

/**
 * What the failover layer costs on the happy path: one chat completion through
 * {@link FailoverChatClient} (auto-configured as an application gets it) against the same
 * request made with the application's own {@link WebClient}, both to one local upstream
 * that answers at once. The raw call does the JSON work any caller does (write the
 * request, read the answer's text), so the difference is routing, the circuit breaker,
 * the bulkhead and the bookkeeping.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChatOverheadBenchmark {

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ChatRequest REQUEST = ChatRequest.builder()
		.system("You are a helpful assistant.")
		.user("Say hello.")
		.build();

	private Upstream upstream;

	private WebClient raw;

	private final List<ConnectionProvider> pools = new ArrayList<>();

	private WebClient[] rawOverTwoPools;

	private ReactiveCircuitBreaker breaker;

	private ConfigurableApplicationContext oneProvider;

	private ConfigurableApplicationContext twoProviders;

	private ConfigurableApplicationContext threeProvidersOneOpen;

	private FailoverChatClient failover;

	private FailoverChatClient failoverOverTwo;

	private FailoverChatClient failoverWithOpenCircuit;

	@Setup(Level.Trial)
	public void start() {
		this.upstream = new Upstream();

		this.oneProvider = start("a");
		// The baseline is what the application would write without the starter: a call
		// with its own auto-configured WebClient.Builder (same connector defaults as the
		// providers get).
		this.raw = this.oneProvider.getBean(WebClient.Builder.class)
			.defaultHeaders((headers) -> headers.setBearerAuth("sk-bench"))
			.build();
		this.rawOverTwoPools = new WebClient[] { ownPool("raw-a"), ownPool("raw-b") };
		// A breaker configured like a provider's, under a name of its own.
		ReactiveResilience4JCircuitBreakerFactory factory = this.oneProvider
			.getBean(ReactiveResilience4JCircuitBreakerFactory.class);
		factory.configure(
				(builder) -> builder
					.timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(Duration.ofSeconds(30)).build()),
				"component");
		this.breaker = factory.create("component");
		this.failover = this.oneProvider.getBean(FailoverChatClient.class);
		this.twoProviders = start("a", "b");
		this.failoverOverTwo = this.twoProviders.getBean(FailoverChatClient.class);
		this.threeProvidersOneOpen = start("a", "b", "c");
		this.threeProvidersOneOpen.getBean(ProviderRegistry.class)
			.update("a", ProviderChange.circuitState(CircuitBreaker.State.FORCED_OPEN));
		this.failoverWithOpenCircuit = this.threeProvidersOneOpen.getBean(FailoverChatClient.class);
	}

	/** A client with a pool of its own, sized like a provider's. */
	private WebClient ownPool(String name) {
		ConnectionProvider pool = ConnectionProvider.builder(name)
			.maxConnections(500)
			.maxIdleTime(Duration.ofSeconds(30))
			.build();
		this.pools.add(pool);
		return this.oneProvider.getBean(WebClient.Builder.class)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
			.defaultHeaders((headers) -> headers.setBearerAuth("sk-bench"))
			.build();
	}

	private ConfigurableApplicationContext start(String... providers) {
		return BenchmarkContexts.start(this.upstream.baseUrl(), providers);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.oneProvider.close();
		this.twoProviders.close();
		this.threeProvidersOneOpen.close();
		this.pools.forEach(ConnectionProvider::dispose);
		this.upstream.close();
	}

	@Benchmark
	public @Nullable String rawWebClient() {
		return rawCall().block(LIMIT);
	}

	/**
	 * Component cost: raw calls spread at random over two clients, each with a pool of
	 * its own as each provider has: what spreading over two providers costs without any
	 * failover.
	 */
	@Benchmark
	public @Nullable String componentRawOverTwoPools() {
		return rawCall(this.rawOverTwoPools[ThreadLocalRandom.current().nextInt(2)]).block(LIMIT);
	}

	/** Component cost: the raw call with the one timer any production call needs. */
	@Benchmark
	public @Nullable String componentRawWithTimeout() {
		return rawCall().timeout(Duration.ofSeconds(30)).block(LIMIT);
	}

	/**
	 * Component cost: the raw call through Spring Cloud CircuitBreaker's {@code run}
	 * (bulkhead, Resilience4j breaker, TimeLimiter, looked up on every call), which is
	 * how the failover client protected each attempt before it used each provider's
	 * breaker and bulkhead directly.
	 */
	@Benchmark
	public @Nullable String componentRawThroughSpringCloudBreaker() {
		return this.breaker.run(rawCall(), Mono::error).block(LIMIT);
	}

	private Mono<String> rawCall() {
		return rawCall(this.raw);
	}

	private Mono<String> rawCall(WebClient client) {
		return client.post()
			.uri(this.upstream.baseUrl() + "/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(rawRequestBody())
			.retrieve()
			.bodyToMono(byte[].class)
			.map((answer) -> JSON.readTree(answer).path("choices").path(0).path("message").path("content").asString());
	}

	/** What any caller writes for each call: the request as JSON. */
	private static byte[] rawRequestBody() {
		ObjectNode body = JSON.createObjectNode().put("model", "gpt-4o-mini");
		ArrayNode messages = body.putArray("messages");
		messages.addObject().put("role", "system").put("content", "You are a helpful assistant.");
		messages.addObject().put("role", "user").put("content", "Say hello.");
		return JSON.writeValueAsBytes(body);
	}

	@Benchmark
	public String failoverOneProvider() {
		return Objects.requireNonNull(this.failover.chat(REQUEST).block(LIMIT)).content();
	}

	/**
	 * Two healthy providers, no open circuit: separates the cost of spreading calls over
	 * two providers (two pools, two breakers) from the cost of routing past an open
	 * circuit.
	 */
	@Benchmark
	public String failoverTwoProviders() {
		return Objects.requireNonNull(this.failoverOverTwo.chat(REQUEST).block(LIMIT)).content();
	}

	@Benchmark
	public String failoverThreeProvidersOneCircuitOpen() {
		return Objects.requireNonNull(this.failoverWithOpenCircuit.chat(REQUEST).block(LIMIT)).content();
	}

	/**
	 * Side by side: raw calls and failover calls in the same trial at the same time, half
	 * the threads each, so that both see the same load from outside the benchmark (on a
	 * shared machine the load changes between the sequential benchmarks above). Both get
	 * the same CPU, so the ratio of their rates is the ratio of their cost per call.
	 */
	@Benchmark
	@Group("sideBySide")
	@GroupThreads(4)
	public @Nullable String sideBySideRaw() {
		return rawWebClient();
	}

	/** The failover half of {@link #sideBySideRaw()}. */
	@Benchmark
	@Group("sideBySide")
	@GroupThreads(4)
	public String sideBySideFailover() {
		return failoverOneProvider();
	}

}

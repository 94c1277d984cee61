package io.github.llmfailover.sample.bench;

import java.util.Objects;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The baseline of the gateway benchmark ({@code benchmarks/run-gateway.sh}): the same
 * request relayed to one upstream by a plain WebFlux controller and the application's
 * {@link WebClient}, JSON parsed and written on both sides, with no failover. The
 * difference between this and {@code /v1/chat/completions} is what llm-failover adds to a
 * Spring application; the difference between this and the upstream itself is the extra
 * HTTP hop. Exists only in the {@code bench} profile.
 */
@RestController
@Profile("bench")
class DirectProxyController implements DisposableBean {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};

	private final ConnectionProvider pool;

	private final WebClient upstream;

	/**
	 * @param builder the application's builder (observed like any application's)
	 * @param url the upstream's chat completions URL
	 * @param maxConnections the same pool size as each provider gets
	 */
	DirectProxyController(WebClient.Builder builder, @Value("${bench.direct-proxy.url}") String url,
			@Value("${llm.failover.http.max-connections:500}") int maxConnections) {
		// Sized like a provider's pool: the shared default pool holds 16 connections and
		// would make this baseline queue, not relay.
		this.pool = ConnectionProvider.builder("bench-direct-proxy").maxConnections(maxConnections).build();
		this.upstream = builder.clone()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.pool)))
			.baseUrl(url)
			.build();
	}

	@Override
	public void destroy() {
		this.pool.dispose();
	}

	@PostMapping(path = "/bench/direct-proxy", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<JsonNode> relay(@RequestBody JsonNode request) {
		return forward(request).bodyToMono(JsonNode.class);
	}

	/**
	 * The streaming baseline ({@code benchmarks/run-stream-gateway.sh}): the streamed
	 * request relayed as it is, and each server-sent event of the upstream written back
	 * as it arrives, through the same WebFlux stack as the gateway but without failover.
	 * @param request the client's request, with {@code stream: true}
	 * @return the upstream's events
	 */
	@PostMapping(path = "/bench/direct-proxy/stream", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> relayStream(@RequestBody JsonNode request) {
		return forward(request).bodyToFlux(SSE)
			.map((event) -> ServerSentEvent.builder(Objects.requireNonNull(event.data())).build());
	}

	private WebClient.ResponseSpec forward(JsonNode request) {
		return this.upstream.post().contentType(MediaType.APPLICATION_JSON).bodyValue(request).retrieve();
	}

}

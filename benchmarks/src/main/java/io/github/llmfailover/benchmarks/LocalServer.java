package io.github.llmfailover.benchmarks;

import java.util.function.BiFunction;

import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * The HTTP server of a local upstream: on 127.0.0.1, on event loop threads of its own so
 * that it does not share the client's, and gone with its threads when closed. The
 * upstreams differ only in what they answer.
 */
final class LocalServer implements AutoCloseable {

	private final LoopResources loops;

	private final DisposableServer server;

	/**
	 * Start serving.
	 * @param name the name of its threads
	 * @param port the port, 0 for a free one
	 * @param threads event loop threads
	 * @param handler what it answers
	 */
	LocalServer(String name, int port, int threads,
			BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
		this.loops = LoopResources.create(name + "-" + port, threads, true);
		this.server = HttpServer.create().host("127.0.0.1").port(port).runOn(this.loops).handle(handler).bindNow();
	}

	int port() {
		return this.server.port();
	}

	/**
	 * The base URL an OpenAI-compatible client is given.
	 * @return the URL, ending in {@code /v1}
	 */
	String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/v1";
	}

	@Override
	public void close() {
		this.server.disposeNow();
		this.loops.disposeLater().block();
	}

}

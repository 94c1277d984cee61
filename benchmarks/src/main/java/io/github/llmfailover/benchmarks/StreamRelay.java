package io.github.llmfailover.benchmarks;

import java.util.concurrent.CountDownLatch;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The floor of the streaming gateway benchmark: a bare Reactor Netty relay, with no
 * Spring, no JSON and no failover, that posts each request's body to the upstream and
 * writes each piece of the upstream's answer back as it arrives. What it adds to the
 * direct call is what any gateway process on this machine adds (one more hop through the
 * network stack and one more process to wake); what the sample app adds beyond it is its
 * own. Stand-alone:
 * {@code java -cp benchmarks.jar io.github.llmfailover.benchmarks.StreamRelay <upstream-url> <port>},
 * listening on 127.0.0.1 until killed.
 */
public final class StreamRelay implements AutoCloseable {

	private final ConnectionProvider pool = ConnectionProvider.builder("stream-relay").maxConnections(500).build();

	private final LocalServer server;

	/**
	 * @param upstream the URL every request is posted to
	 * @param port the port, 0 for a free one
	 */
	StreamRelay(String upstream, int port) {
		HttpClient client = HttpClient.create(this.pool);
		this.server = new LocalServer("stream-relay", port, 2,
				(request, response) -> request.receive()
					.aggregate()
					.retain()
					.flatMapMany((body) -> client
						.headers((headers) -> headers.add(HttpHeaderNames.CONTENT_TYPE, "application/json"))
						.post()
						.uri(upstream)
						.send((upstreamRequest, out) -> out.send(Mono.just(body)))
						.response((upstreamResponse, content) -> response
							.header(HttpHeaderNames.CONTENT_TYPE,
									upstreamResponse.responseHeaders()
										.get(HttpHeaderNames.CONTENT_TYPE, "text/event-stream"))
							.send(content.retain(), (piece) -> true))));
	}

	@Override
	public void close() {
		this.server.close();
		this.pool.dispose();
	}

	public static void main(String[] args) throws InterruptedException {
		StreamRelay relay = new StreamRelay(args[0], Integer.parseInt(args[1]));
		Runtime.getRuntime().addShutdownHook(new Thread(relay::close));
		System.out.println("READY relaying to " + args[0] + " on " + args[1]);
		new CountDownLatch(1).await();
	}

}

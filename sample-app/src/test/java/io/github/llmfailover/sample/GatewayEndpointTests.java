package io.github.llmfailover.sample;

import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the tests that call one of the gateway's APIs over raw HTTP, on the demo's
 * providers: a JSON body posted to the API's path, its answer or its server-sent events
 * read.
 */
abstract class GatewayEndpointTests extends DemoAppTests {

	@Autowired
	protected WebTestClient client;

	private final String path;

	/**
	 * @param path the API's path, such as {@code /v1/responses}
	 */
	protected GatewayEndpointTests(String path) {
		this.path = path;
	}

	/**
	 * Post a JSON body to the API.
	 * @param body the body
	 * @return the answer
	 */
	protected WebTestClient.ResponseSpec post(String body) {
		return this.client.post()
			.uri(this.path)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(this::apiHeaders)
			.bodyValue(body)
			.exchange();
	}

	/**
	 * Post a JSON body that asks for a stream, and read its events.
	 * @param body the body
	 * @return the events
	 */
	protected List<ServerSentEvent<String>> stream(String body) {
		return ServerSentEvents.of(post(body));
	}

	/**
	 * Add the headers the API requires of every request; none unless overridden.
	 * @param headers the request's headers
	 */
	protected void apiHeaders(HttpHeaders headers) {
	}

}

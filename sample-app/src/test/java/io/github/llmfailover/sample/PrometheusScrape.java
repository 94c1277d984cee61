package io.github.llmfailover.sample;

import java.util.function.Consumer;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Reads {@code /actuator/prometheus} in tests.
 */
public final class PrometheusScrape {

	private PrometheusScrape() {
	}

	/**
	 * The scrape, expected to answer 200.
	 * @param client the test client
	 * @param credentials headers that authenticate the request
	 * @return the text exposition
	 */
	public static String read(WebTestClient client, Consumer<HttpHeaders> credentials) {
		// A scrape grows with every provider/outcome combination earlier tests in a
		// shared context produced; it is not bounded by the client's default 256 KB.
		return client.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.headers(credentials)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}

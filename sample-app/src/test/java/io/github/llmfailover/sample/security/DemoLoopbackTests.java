package io.github.llmfailover.sample.security;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo serves without keys, and only to this machine.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class DemoLoopbackTests {

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@Test
	void servesALocalUserWithoutAKey() {
		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
			.exchange()
			.expectStatus()
			.isOk();
		// The SDKs insist on sending a key; with none configured, any is ignored.
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.headers((headers) -> headers.setBearerAuth("unused"))
			.bodyValue("{\"prompt\": \"hi\"}")
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get().uri("/actuator/llmproviders").exchange().expectStatus().isOk();
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectBody()
			.jsonPath("$.components.llmProviders.details.openai.circuitState")
			.isEqualTo("CLOSED");
	}

	@Test
	void listensOnLoopbackOnly() throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 2000);
		}
		Optional<InetAddress> external = externalAddress();
		assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(external.get(), this.port), 2000);
			}
		});
	}

	private static Optional<InetAddress> externalAddress() throws SocketException {
		return Collections.list(NetworkInterface.getNetworkInterfaces())
			.stream()
			.flatMap((network) -> Collections.list(network.getInetAddresses()).stream())
			.filter((address) -> address instanceof Inet4Address && !address.isLoopbackAddress())
			.findFirst();
	}

}

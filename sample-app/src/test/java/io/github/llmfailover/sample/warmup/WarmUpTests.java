package io.github.llmfailover.sample.warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up before readiness: it is over before the application reports ready, it never
 * reaches the application's real providers (here {@code openai} is moved to a counting
 * server and {@code anthropic} out of rotation by system properties, which the throwaway
 * instance must not see), and the application serves normally once the throwaway instance
 * is closed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.warm-up.enabled=true", "sample.warm-up.requests=200" })
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class WarmUpTests {

	private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
			+ "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
			+ "\"content\":\"from the real openai\"},\"finish_reason\":\"stop\"}],"
			+ "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}";

	private static final AtomicInteger realCalls = new AtomicInteger();

	private static DisposableServer realOpenAi;

	@Autowired
	private WebTestClient client;

	@Autowired
	private ServedWhenReady servedWhenReady;

	@BeforeAll
	static void startRealProvider() {
		realOpenAi = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			realCalls.incrementAndGet();
			return response.header("content-type", "application/json")
				.sendByteArray(reactor.core.publisher.Mono.just(COMPLETION.getBytes(StandardCharsets.UTF_8)))
				.then();
		}).bindNow();
		System.setProperty("llm.failover.providers.openai.base-url", "http://127.0.0.1:" + realOpenAi.port() + "/v1");
		System.setProperty("llm.failover.providers.anthropic.weight", "0");
	}

	@AfterAll
	static void stopRealProvider() {
		System.clearProperty("llm.failover.providers.openai.base-url");
		System.clearProperty("llm.failover.providers.anthropic.weight");
		realOpenAi.disposeNow();
	}

	@Test
	void warmsUpBeforeReadyWithoutCallingTheRealProvidersThenServes(CapturedOutput output) {
		assertThat(this.servedWhenReady.served).as("warm-up requests answered when readiness went up").isEqualTo(200);
		assertThat(realCalls).as("calls the warm-up made to the real provider").hasValue(0);
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"hello\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.content")
			.isEqualTo("from the real openai");
		assertThat(realCalls).hasValue(1);
		assertThat(output).contains("Warmed up before ready: 200 of 200 requests");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ReadinessProbe {

		@Bean
		ServedWhenReady servedWhenReady(WarmUp warmUp) {
			return new ServedWhenReady(warmUp);
		}

	}

	/**
	 * What the warm-up had done when the application reported ready.
	 */
	static class ServedWhenReady {

		private final WarmUp warmUp;

		private volatile int served = -1;

		ServedWhenReady(WarmUp warmUp) {
			this.warmUp = warmUp;
		}

		@EventListener
		void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
			if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
				this.served = this.warmUp.served();
			}
		}

	}

}

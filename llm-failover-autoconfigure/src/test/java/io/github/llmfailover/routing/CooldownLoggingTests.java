package io.github.llmfailover.routing;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.provider.ProviderClient;
import io.github.llmfailover.provider.ProviderException;
import io.github.llmfailover.routing.FailoverHarness.Built;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rate limit that many requests in flight run into at once is logged once, when the
 * cooldown starts, not once per request.
 */
@ExtendWith(OutputCaptureExtension.class)
class CooldownLoggingTests {

	private static final int IN_FLIGHT = 20;

	private static final String BACK_OFF = "LLM provider 'limited' asked to back off";

	@Test
	void aRateLimitStormLogsItsCooldownOnce(CapturedOutput output) {
		// Every request reaches the provider before the first 429 comes back.
		ProviderClient limited = (request) -> Mono.delay(Duration.ofMillis(300))
			.then(Mono.error(ProviderException.errorStatus("limited", 429, "Rate limit reached", null,
					Duration.ofSeconds(10), null)));
		Built built = new FailoverHarness().provider("limited", 0, 1, limited)
			.provider("spare", 1, 1, new ScriptedProvider("spare"))
			.build();
		var served = Flux.range(0, IN_FLIGHT)
			.flatMap((i) -> built.client().chat(ChatRequest.of("hi")), IN_FLIGHT)
			.map(ChatResponse::provider)
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(served).hasSize(IN_FLIGHT).containsOnly("spare");
		assertThat(built.snapshot("limited").cooldownUntil()).isNotNull();
		assertThat(output.getOut().split(BACK_OFF, -1)).hasSize(2);
	}

	@Test
	void aLongerWaitIsLoggedAgain(CapturedOutput output) {
		Built built = new FailoverHarness().provider("limited", 0, 1, new ScriptedProvider("limited")).build();
		RoutedProvider limited = built.provider("limited");
		limited.cooldown().coolDown(Duration.ofSeconds(10));
		limited.cooldown().coolDown(Duration.ofSeconds(10));
		limited.cooldown().coolDown(Duration.ofSeconds(5));
		assertThat(output.getOut().split(BACK_OFF, -1)).hasSize(2);
		limited.cooldown().coolDown(Duration.ofSeconds(30));
		assertThat(output.getOut().split(BACK_OFF, -1)).hasSize(3);
	}

}

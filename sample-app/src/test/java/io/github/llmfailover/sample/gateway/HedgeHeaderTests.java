package io.github.llmfailover.sample.gateway;

import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.github.llmfailover.chat.ChatRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What each value of {@code X-LLM-Hedge} asks of a request.
 */
class HedgeHeaderTests {

	@Test
	void offOnOrADelayElseTheConfiguration() {
		assertThat(request(HedgeHeader.parse(null)).hedging()).isNull();
		assertThat(request(HedgeHeader.parse("off")).hedging()).isFalse();
		assertThat(request(HedgeHeader.parse(" OFF ")).hedging()).isFalse();
		ChatRequest on = request(HedgeHeader.parse("on"));
		assertThat(on.hedging()).isTrue();
		assertThat(on.hedgeDelay()).isNull();
		ChatRequest delayed = request(HedgeHeader.parse("250ms"));
		assertThat(delayed.hedging()).isTrue();
		assertThat(delayed.hedgeDelay()).isEqualTo(Duration.ofMillis(250));
		assertThat(request(HedgeHeader.parse("PT1S")).hedgeDelay()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void anythingElseIsRefusedNamingTheHeader() {
		for (String bad : new String[] { "maybe", "0s", "-1s", "" }) {
			assertThatExceptionOfType(GatewayRequestException.class).isThrownBy(() -> HedgeHeader.parse(bad))
				.withMessage("X-LLM-Hedge must be off, on or a positive delay such as 250ms or 1s; was '" + bad + "'");
		}
	}

	private static ChatRequest request(Consumer<ChatRequest.Builder> hedge) {
		ChatRequest.Builder builder = ChatRequest.builder().user("hi");
		hedge.accept(builder);
		return builder.build();
	}

}

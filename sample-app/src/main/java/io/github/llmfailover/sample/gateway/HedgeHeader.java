package io.github.llmfailover.sample.gateway;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

import io.github.llmfailover.chat.ChatRequest;

/**
 * The {@code X-LLM-Hedge} request header, by which a gateway caller chooses whether its
 * request is hedged (sent to a second provider too when the first is slow, the first
 * answer winning), whatever {@code llm.failover.hedging.enabled} says: {@code off},
 * {@code on} (after the configured delay, or the provider's observed percentile), or a
 * delay of its own such as {@code 250ms}. Without the header, the configuration decides.
 */
final class HedgeHeader {

	static final String NAME = "X-LLM-Hedge";

	private static final Consumer<ChatRequest.Builder> CONFIGURED = (builder) -> {
	};

	private HedgeHeader() {
	}

	/**
	 * What the header asks of the request.
	 * @param value the header's value, or {@code null} when absent
	 * @return what to set on the request's builder
	 * @throws GatewayRequestException naming the header and what it accepts
	 */
	static Consumer<ChatRequest.Builder> parse(@Nullable String value) {
		if (value == null) {
			return CONFIGURED;
		}
		String text = value.trim().toLowerCase(Locale.ROOT);
		switch (text) {
			case "off", "false" -> {
				return (builder) -> builder.hedging(false);
			}
			case "on", "true" -> {
				return (builder) -> builder.hedging(true);
			}
			default -> {
				Duration delay = delay(text, value);
				return (builder) -> builder.hedging(delay);
			}
		}
	}

	private static Duration delay(String text, String value) {
		Duration delay;
		try {
			delay = DurationStyle.detectAndParse(text);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(value);
		}
		if (delay.isNegative() || delay.isZero()) {
			throw invalid(value);
		}
		return delay;
	}

	private static GatewayRequestException invalid(String value) {
		return new GatewayRequestException(null,
				NAME + " must be off, on or a positive delay such as 250ms or 1s; " + "was '" + value + "'");
	}

}

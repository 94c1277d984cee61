package io.github.llmfailover.sample.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.TokenUsage;

/**
 * The body of a {@code POST /chat} answer.
 *
 * @param content the answer
 * @param provider the provider that served it
 * @param model the model that generated it
 * @param usage the tokens counted
 * @param attempts every attempt, the successful one last
 */
record ChatAnswer(String content, String provider, String model, Usage usage, List<AttemptView> attempts) {

	static ChatAnswer of(ChatResponse response) {
		return new ChatAnswer(response.content(), response.provider(), response.model(), Usage.of(response.usage()),
				AttemptView.of(response.attempts()));
	}

	/**
	 * Token counts.
	 *
	 * @param inputTokens tokens of the prompt
	 * @param outputTokens tokens generated
	 */
	record Usage(int inputTokens, int outputTokens) {

		static Usage of(TokenUsage usage) {
			return new Usage(usage.inputTokens(), usage.outputTokens());
		}

	}

	/**
	 * One attempt, as shown to clients.
	 *
	 * @param provider the provider
	 * @param outcome how it ended
	 * @param status the HTTP status, or 0
	 * @param durationMs how long it took
	 * @param error what went wrong, absent on success
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record AttemptView(String provider, String outcome, int status, long durationMs, @Nullable String error) {

		static List<AttemptView> of(List<Attempt> attempts) {
			return attempts.stream()
				.map((attempt) -> new AttemptView(attempt.provider(), attempt.outcome().tagValue(), attempt.status(),
						attempt.duration().toMillis(), attempt.error()))
				.toList();
		}

	}

}

package io.github.llmfailover.sample.chat;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.springai.FailoverChatModel;

/**
 * The body of a {@code POST /spring-ai/chat} answer.
 *
 * @param content the model's final answer
 * @param provider the provider that served the last turn
 * @param turns every model call of the tool loop, in order
 */
record SpringAiAnswer(String content, String provider, List<Turn> turns) {

	static SpringAiAnswer of(String content, List<Turn> turns) {
		return new SpringAiAnswer(content, turns.isEmpty() ? "none" : turns.get(turns.size() - 1).provider(), turns);
	}

	/**
	 * One model call, read from the metadata {@code failoverChatModel} puts on its
	 * responses.
	 *
	 * @param provider the provider that served it
	 * @param model the model that answered
	 * @param toolCalls the tools the model called, which {@code ChatClient} ran before
	 * the next turn
	 * @param attempts every attempt of the call, the successful one last
	 */
	record Turn(String provider, String model, List<ToolCallView> toolCalls, List<ChatAnswer.AttemptView> attempts) {

		static Turn of(ChatResponse response) {
			Generation result = response.getResult();
			List<AssistantMessage.ToolCall> calls = (result != null) ? result.getOutput().getToolCalls() : List.of();
			List<Attempt> attempts = response.getMetadata().get(FailoverChatModel.ATTEMPTS);
			return new Turn(SpringAiChatController.provider(response), response.getMetadata().getModel(),
					calls.stream().map((call) -> new ToolCallView(call.name(), call.arguments())).toList(),
					ChatAnswer.AttemptView.of((attempts != null) ? attempts : List.of()));
		}

	}

	/**
	 * A tool call of the model.
	 *
	 * @param name the tool
	 * @param arguments its arguments, JSON
	 */
	record ToolCallView(String name, @Nullable String arguments) {
	}

}

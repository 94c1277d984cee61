package io.github.llmfailover.sample.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.ChatMessage;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.ToolCall;

/**
 * An agent loop on the failover client: ask, run the tools the model calls, send the
 * results back, until the model answers in text. Each turn may be served by another
 * provider (of another wire format): the conversation, tool-call ids included, carries
 * over.
 */
final class AgentLoop {

	static final int MAX_TURNS = 6;

	private final FailoverChatClient client;

	private final AgentTools tools;

	AgentLoop(FailoverChatClient client, AgentTools tools) {
		this.client = client;
		this.tools = tools;
	}

	/**
	 * Run the loop.
	 * @param prompt the user's request
	 * @param afterTurn told of each turn as it ends, before the next one starts
	 * @return the turns, the last one holding the answer
	 */
	Mono<List<AgentTurn>> run(String prompt, Consumer<AgentTurn> afterTurn) {
		List<ChatMessage> conversation = new ArrayList<>();
		conversation
			.add(new ChatMessage(ChatMessage.Role.SYSTEM, "You are a helpful agent. Use the tools when they help."));
		conversation.add(new ChatMessage(ChatMessage.Role.USER, prompt));
		return turn(conversation, new ArrayList<>(), afterTurn);
	}

	private Mono<List<AgentTurn>> turn(List<ChatMessage> conversation, List<AgentTurn> turns,
			Consumer<AgentTurn> afterTurn) {
		ChatRequest.Builder request = ChatRequest.builder().tools(AgentTools.ALL).maxTokens(300);
		conversation.forEach(request::message);
		return this.client.chat(request.build()).flatMap((response) -> {
			AgentTurn turn = new AgentTurn(response.provider(), response.content(), results(response),
					AgentTurn.FailedAttempt.of(response.attempts()));
			turns.add(turn);
			afterTurn.accept(turn);
			if (!response.hasToolCalls() || turns.size() >= MAX_TURNS) {
				return Mono.just(List.copyOf(turns));
			}
			conversation.add(ChatMessage.assistant(response.content(), response.toolCalls()));
			turn.toolCalls().forEach((call) -> conversation.add(ChatMessage.toolResult(call.id(), call.result())));
			return turn(conversation, turns, afterTurn);
		});
	}

	private List<AgentTurn.Call> results(ChatResponse response) {
		List<AgentTurn.Call> calls = new ArrayList<>(response.toolCalls().size());
		for (ToolCall call : response.toolCalls()) {
			calls.add(new AgentTurn.Call(call.id(), call.name(), call.arguments(), this.tools.run(call)));
		}
		return calls;
	}

}

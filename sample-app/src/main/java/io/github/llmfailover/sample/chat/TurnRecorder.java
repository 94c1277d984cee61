package io.github.llmfailover.sample.chat;

import java.util.ArrayList;
import java.util.List;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.model.ChatResponse;

/**
 * Writes down every model call of one {@code ChatClient} request: a Spring AI advisor
 * ordered inside the tool-calling advisor, so that it sees each turn of the tool loop
 * (each a failover request of its own, possibly served by another provider), not only the
 * last one that {@code call()} returns. One per request.
 */
final class TurnRecorder implements CallAdvisor {

	private final List<SpringAiAnswer.Turn> turns = new ArrayList<>();

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		ChatClientResponse response = chain.nextCall(request);
		ChatResponse turn = response.chatResponse();
		if (turn != null) {
			this.turns.add(SpringAiAnswer.Turn.of(turn));
		}
		return response;
	}

	List<SpringAiAnswer.Turn> turns() {
		return List.copyOf(this.turns);
	}

	@Override
	public String getName() {
		return "TurnRecorder";
	}

	@Override
	public int getOrder() {
		// After the tool-calling advisor, so inside its loop.
		return ToolCallingAdvisor.DEFAULT_ORDER + 1;
	}

}

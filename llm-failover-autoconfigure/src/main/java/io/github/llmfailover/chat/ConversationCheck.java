package io.github.llmfailover.chat;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.ChatMessage.Role;

/**
 * The rules every provider enforces on tool calling, checked once when a request is
 * built, so that a malformed conversation is the caller's error with a clear message and
 * never a provider's 400 (or worse, a failover) later.
 */
final class ConversationCheck {

	private ConversationCheck() {
	}

	static void check(List<ChatMessage> messages, List<Tool> tools, @Nullable ToolChoice toolChoice) {
		Set<String> toolNames = new HashSet<>();
		for (Tool tool : tools) {
			if (!toolNames.add(tool.name())) {
				throw new IllegalArgumentException("Tool '" + tool.name() + "' is defined twice");
			}
		}
		if (toolChoice != null && toolChoice.isForced() && tools.isEmpty()) {
			throw new IllegalArgumentException("Tool choice " + toolChoice.mode() + " needs tools");
		}
		if (toolChoice != null && toolChoice.toolName() != null && !toolNames.contains(toolChoice.toolName())) {
			throw new IllegalArgumentException(
					"Tool choice names tool '" + toolChoice.toolName() + "', which is not among the request's tools");
		}
		checkPairing(messages);
	}

	/**
	 * Each result answers a call of the assistant turn just before it, once; each call
	 * has its result before the conversation goes on.
	 */
	private static void checkPairing(List<ChatMessage> messages) {
		Set<String> seenIds = new HashSet<>();
		Set<String> open = new LinkedHashSet<>();
		for (ChatMessage message : messages) {
			if (message.role() == Role.TOOL) {
				if (!open.remove(message.toolCallId())) {
					throw new IllegalArgumentException("The tool result for call '" + message.toolCallId()
							+ "' answers no unanswered call of the assistant turn before it");
				}
				continue;
			}
			requireAnswered(open);
			for (ToolCall call : message.toolCalls()) {
				if (!seenIds.add(call.id())) {
					throw new IllegalArgumentException("Tool call id '" + call.id() + "' is used twice");
				}
				Json.requireObject(call.arguments(), "The arguments of tool call '" + call.id() + "'");
				open.add(call.id());
			}
		}
		requireAnswered(open);
	}

	private static void requireAnswered(Set<String> open) {
		if (!open.isEmpty()) {
			throw new IllegalArgumentException(
					"Tool call '" + open.iterator().next() + "' has no result; add one with toolResult(id, content)"
							+ " right after the assistant turn that made it");
		}
	}

}

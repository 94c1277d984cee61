package io.github.llmfailover.chat;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.ChatMessage.Role;

/**
 * What a provider must be able to do to serve a request, read once from the request when
 * it is built, so that routing compares sets instead of walking the conversation for each
 * provider.
 */
final class RequiredCapabilities {

	/** The capabilities of a text request: none beyond text. */
	static final Set<Capability> TEXT_ONLY = Collections.unmodifiableSet(EnumSet.noneOf(Capability.class));

	private RequiredCapabilities() {
	}

	static Set<Capability> of(List<ChatMessage> messages, List<Tool> tools, @Nullable ToolChoice toolChoice,
			ResponseFormat responseFormat) {
		EnumSet<Capability> needed = EnumSet.noneOf(Capability.class);
		if (!tools.isEmpty()) {
			needed.add(Capability.TOOLS);
		}
		if (toolChoice != null && toolChoice.isForced()) {
			needed.add(Capability.FORCED_TOOL_CHOICE);
		}
		if (responseFormat.type() != ResponseFormat.Type.TEXT) {
			needed.add(Capability.JSON_SCHEMA);
		}
		for (ChatMessage message : messages) {
			if (!message.toolCalls().isEmpty() || message.role() == Role.TOOL) {
				needed.add(Capability.TOOLS);
			}
			for (ContentPart part : message.parts()) {
				if (part instanceof ContentPart.Image image) {
					needed.add(Capability.IMAGES);
					if (image.url() != null) {
						needed.add(Capability.IMAGE_URLS);
					}
				}
			}
		}
		return needed.isEmpty() ? TEXT_ONLY : Collections.unmodifiableSet(needed);
	}

}

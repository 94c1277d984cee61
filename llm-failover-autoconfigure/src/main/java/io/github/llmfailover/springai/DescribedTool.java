package io.github.llmfailover.springai;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

import io.github.llmfailover.chat.Tool;

/**
 * A tool offered to a Spring AI model only by its description: the model may ask for it,
 * and the call goes back to the caller of the failover client, who runs it. Spring AI 2.0
 * models never run tools themselves, so {@link #call(String)} is never reached.
 */
final class DescribedTool implements ToolCallback {

	private final ToolDefinition definition;

	DescribedTool(Tool tool) {
		this.definition = ToolDefinition.builder()
			.name(tool.name())
			.description((tool.description() != null) ? tool.description() : tool.name())
			.inputSchema(tool.parameters())
			.build();
	}

	@Override
	public ToolDefinition getToolDefinition() {
		return this.definition;
	}

	@Override
	public String call(String toolInput) {
		throw new IllegalStateException("Tool '" + this.definition.name()
				+ "' is run by the caller of the failover client, never by the provider's model");
	}

}

package io.github.llmfailover.provider;

/**
 * How a provider is asked for an answer that matches a JSON Schema. Only Anthropic has a
 * choice today: models before {@code output_config} take no schema for the answer, but
 * every model with tools can be forced to call a tool whose input is the answer.
 */
public enum StructuredOutputMethod {

	/**
	 * The provider's own structured output field: {@code output_config.format} on
	 * Anthropic, {@code response_format} on OpenAI, {@code format} on Ollama.
	 */
	NATIVE,

	/**
	 * A tool the model is made to call, whose input schema is the answer's schema; the
	 * call's input comes back as the answer's text. Works on every Anthropic model with
	 * tool use. When the request has tools of its own the model may call, it must call
	 * one of them or the answer tool ({@code tool_choice: any}).
	 */
	TOOL

}

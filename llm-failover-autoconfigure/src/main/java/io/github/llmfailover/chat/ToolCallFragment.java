package io.github.llmfailover.chat;

/**
 * A piece of a tool call as it streams: the call's {@code arguments} arrive in pieces,
 * which joined in order give {@link ToolCall#arguments()}. Every fragment names its call,
 * whatever the provider repeats, so a caller can relay or show the fragments as they
 * come; the last chunk of the stream carries the whole calls.
 *
 * @param index the call's position among the answer's tool calls, from 0
 * @param id the call's id
 * @param name the tool's name
 * @param arguments this piece of the arguments JSON text, possibly empty
 */
public record ToolCallFragment(int index, String id, String name, String arguments) {
}

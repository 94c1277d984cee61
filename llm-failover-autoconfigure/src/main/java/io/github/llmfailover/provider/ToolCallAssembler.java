package io.github.llmfailover.provider;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.ToolCall;
import io.github.llmfailover.chat.ToolCallFragment;

/**
 * The tool calls of one streamed answer, put together from their pieces: each call is
 * known by the key its format gives it (OpenAI's {@code index}, Anthropic's content block
 * index), gets the next index of the answer, keeps the id and name its first piece
 * carried (or a generated id when the provider sent none), and collects its arguments.
 * One instance per stream; its signals are serial.
 */
public final class ToolCallAssembler {

	private final List<Call> calls = new ArrayList<>(2);

	/**
	 * Record a piece of a call and describe it as a fragment for the caller.
	 * @param key the format's key of the call
	 * @param id the call's id if this piece carries it
	 * @param name the tool's name if this piece carries it
	 * @param arguments this piece of the arguments, or {@code null}
	 * @return the fragment
	 * @throws IllegalStateException when a call's first piece has no tool name
	 */
	public ToolCallFragment add(int key, @Nullable String id, @Nullable String name, @Nullable String arguments) {
		Call call = find(key);
		if (call != null && id != null && !id.isEmpty() && call.providerId && !id.equals(call.id)) {
			// Some compatible servers send parallel calls whole, all at the same index.
			call = null;
		}
		if (call == null) {
			if (name == null || name.isEmpty()) {
				throw new IllegalStateException("no tool name in the first piece of tool call " + key);
			}
			String given = (id != null && !id.isEmpty()) ? id : null;
			call = new Call(key, this.calls.size(), (given != null) ? given : ToolCallIds.generate(), given != null,
					name);
			this.calls.add(call);
		}
		if (arguments != null) {
			call.arguments.append(arguments);
		}
		return new ToolCallFragment(call.index, call.id, call.name, (arguments != null) ? arguments : "");
	}

	/**
	 * Record a call that arrived whole.
	 * @param id its id, or {@code null} to generate one
	 * @param name the tool's name
	 * @param arguments its arguments JSON text
	 * @return the fragment, which is the whole call
	 */
	public ToolCallFragment addWhole(@Nullable String id, @Nullable String name, String arguments) {
		return add(-1 - this.calls.size(), id, name, arguments);
	}

	public boolean isEmpty() {
		return this.calls.isEmpty();
	}

	/**
	 * The calls so far.
	 * @return the calls in order
	 */
	public List<ToolCall> calls() {
		List<ToolCall> result = new ArrayList<>(this.calls.size());
		for (Call call : this.calls) {
			result.add(new ToolCall(call.id, call.name, call.arguments.toString()));
		}
		return result;
	}

	private @Nullable Call find(int key) {
		for (int i = this.calls.size() - 1; i >= 0; i--) {
			if (this.calls.get(i).key == key) {
				return this.calls.get(i);
			}
		}
		return null;
	}

	private static final class Call {

		private final int key;

		private final int index;

		private final String id;

		private final boolean providerId;

		private final String name;

		private final StringBuilder arguments = new StringBuilder();

		Call(int key, int index, String id, boolean providerId, String name) {
			this.key = key;
			this.index = index;
			this.id = id;
			this.providerId = providerId;
			this.name = name;
		}

	}

}

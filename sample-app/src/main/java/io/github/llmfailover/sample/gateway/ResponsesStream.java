package io.github.llmfailover.sample.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.codec.ServerSentEvent;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.ToolCallFragment;
import io.github.llmfailover.sample.chat.StreamResponses.StreamFormat;

/**
 * One streamed answer in OpenAI's Responses events (its signals are serial, so plain
 * fields do), each with its {@code type} and {@code sequence_number}:
 * {@code response.created} and {@code response.in_progress}; for text an output item
 * ({@code response.output_item.added}, {@code response.content_part.added},
 * {@code response.output_text.delta}s, {@code response.output_text.done},
 * {@code response.content_part.done}, {@code response.output_item.done}); for each tool
 * call a {@code function_call} item with {@code response.function_call_arguments.delta}s
 * and {@code .done}; then {@code response.completed} (or {@code response.incomplete})
 * with the whole response and its usage. A break after the first token ends with an
 * {@code error} event.
 */
final class ResponsesStream implements StreamFormat {

	private final ResponsesBodies bodies;

	private final Function<String, String> modelOfProvider;

	private @Nullable String model;

	private int sequence;

	/** The finished output items, in order. */
	private final ArrayNode output = CompletionResponses.JSON.createArrayNode();

	/** The item being streamed, or {@code null}. */
	private @Nullable ObjectNode open;

	private final StringBuilder text = new StringBuilder();

	/** The function call items by the call's index. */
	private final Map<Integer, Call> calls = new HashMap<>();

	/** The open item's call, when the open item is a function call. */
	private @Nullable Call openCall;

	ResponsesStream(ResponsesBodies bodies, Function<String, String> modelOfProvider) {
		this.bodies = bodies;
		this.modelOfProvider = modelOfProvider;
	}

	@Override
	public List<ServerSentEvent<?>> events(ChatChunk chunk) {
		List<ServerSentEvent<?>> events = new ArrayList<>(4);
		if (this.model == null) {
			this.model = this.modelOfProvider.apply(chunk.provider());
			ObjectNode response = this.bodies.response(this.model, CompletionResponses.JSON.createArrayNode(), null,
					null);
			events.add(event(json("response.created").set("response", response)));
			events.add(event(json("response.in_progress").set("response", response)));
		}
		if (!chunk.text().isEmpty()) {
			if (this.open == null || this.openCall != null) {
				closeItem(events, "completed");
				this.open = ResponsesBodies.message(ResponseIds.next("msg_"), "in_progress");
				events.add(itemEvent("response.output_item.added", this.open));
				events.add(event(part("response.content_part.added", ResponsesBodies.outputText(""))));
			}
			this.text.append(chunk.text());
			events.add(event(part("response.output_text.delta", null).put("delta", chunk.text())
				.set("logprobs", CompletionResponses.JSON.createArrayNode())));
		}
		for (ToolCallFragment fragment : chunk.toolCallFragments()) {
			Call call = this.calls.get(fragment.index());
			if (call == null) {
				closeItem(events, "completed");
				call = new Call(ResponsesBodies.functionCall(ResponseIds.next("fc_"), fragment.id(), fragment.name(),
						"", "in_progress"), new StringBuilder());
				this.calls.put(fragment.index(), call);
				this.open = call.item();
				this.openCall = call;
				events.add(itemEvent("response.output_item.added", call.item()));
			}
			if (!fragment.arguments().isEmpty()) {
				call.arguments().append(fragment.arguments());
				events.add(event(
						json("response.function_call_arguments.delta").put("item_id", call.item().path("id").asString())
							.put("output_index", outputIndex(call.item()))
							.put("delta", fragment.arguments())));
			}
		}
		FinishReason reason = chunk.finishReason();
		if (reason != null) {
			closeItem(events, ResponsesBodies.status(reason));
			ObjectNode response = this.bodies.response(this.model, this.output, reason, chunk.usage());
			String type = "incomplete".equals(response.path("status").asString()) ? "response.incomplete"
					: "response.completed";
			events.add(event(json(type).set("response", response)));
		}
		return events;
	}

	/** End the open item, if any, with its done events. */
	private void closeItem(List<ServerSentEvent<?>> events, String status) {
		ObjectNode item = this.open;
		if (item == null) {
			return;
		}
		item.put("status", status);
		if (this.openCall != null) {
			item.put("arguments", this.openCall.arguments().toString());
			events.add(event(json("response.function_call_arguments.done").put("item_id", item.path("id").asString())
				.put("output_index", outputIndex(item))
				.put("name", item.path("name").asString())
				.put("arguments", item.path("arguments").asString())));
		}
		else {
			String whole = this.text.toString();
			events.add(event(part("response.output_text.done", null).put("text", whole)
				.set("logprobs", CompletionResponses.JSON.createArrayNode())));
			events.add(event(part("response.content_part.done", ResponsesBodies.outputText(whole))));
			item.withArray("content").add(ResponsesBodies.outputText(whole));
			this.text.setLength(0);
		}
		events.add(itemEvent("response.output_item.done", item));
		this.output.add(item);
		this.open = null;
		this.openCall = null;
	}

	/** The index of an item: the finished ones come before it. */
	private int outputIndex(ObjectNode item) {
		for (int i = 0; i < this.output.size(); i++) {
			if (this.output.get(i) == item) {
				return i;
			}
		}
		return this.output.size();
	}

	private ServerSentEvent<Object> itemEvent(String type, ObjectNode item) {
		return event(json(type).put("output_index", outputIndex(item)).set("item", item));
	}

	/** An event of the open message's text part, with the part when given. */
	private ObjectNode part(String type, @Nullable ObjectNode part) {
		ObjectNode message = Objects.requireNonNull(this.open);
		ObjectNode event = json(type).put("item_id", message.path("id").asString())
			.put("output_index", outputIndex(message))
			.put("content_index", 0);
		return (part != null) ? event.set("part", part) : event;
	}

	@Override
	public List<ServerSentEvent<?>> interrupted(Throwable error) {
		OpenAiErrors.Error described = OpenAiErrors.describe(error);
		return List.of(event(
				json("error").put("code", described.code()).put("message", described.message()).putNull("param")));
	}

	private ObjectNode json(String type) {
		return CompletionResponses.JSON.createObjectNode().put("type", type).put("sequence_number", this.sequence++);
	}

	private static ServerSentEvent<Object> event(ObjectNode data) {
		return ServerSentEvent.<Object>builder(data.toString()).event(data.path("type").asString()).build();
	}

	/**
	 * A function call item and its arguments so far.
	 *
	 * @param item the item
	 * @param arguments the arguments streamed so far
	 */
	private record Call(ObjectNode item, StringBuilder arguments) {
	}

}

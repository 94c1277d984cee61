package io.github.llmfailover.sample.chat;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * The Spring AI endpoint's tool: the demo shop's order look-up, an {@code @Tool} method
 * that {@code ChatClient} runs between the model's turns. Its answers are fixed, so that
 * what the model was told can be checked in its answer.
 */
final class OrderTools {

	private static final Map<Long, OrderStatus> ORDERS = Map.of(1042L, new OrderStatus(1042, "shipped", "2026-12-03"),
			1043L, new OrderStatus(1043, "processing", "2026-12-07"), 1044L, new OrderStatus(1044, "delivered", null));

	@Tool(name = "order_status", description = "The status and expected delivery date of a shop order")
	OrderStatus orderStatus(@ToolParam(description = "The order number, e.g. 1042") long orderNumber) {
		return ORDERS.getOrDefault(orderNumber, new OrderStatus(orderNumber, "unknown order", null));
	}

	/**
	 * What the look-up finds.
	 *
	 * @param orderNumber the order's number
	 * @param status where it is
	 * @param expectedDelivery when it arrives, absent once delivered or when unknown
	 */
	record OrderStatus(long orderNumber, String status, @Nullable String expectedDelivery) {
	}

}

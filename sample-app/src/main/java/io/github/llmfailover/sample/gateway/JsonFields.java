package io.github.llmfailover.sample.gateway;

import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the fields every API of the gateway shares from a request's JSON tree, each
 * mistake reported as a {@link GatewayRequestException} naming the field.
 */
final class JsonFields {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private JsonFields() {
	}

	/**
	 * The body as a JSON object.
	 * @param body the body
	 * @param required the field a body needs at least, named when it is empty
	 * @return the object
	 */
	static JsonNode object(byte @Nullable [] body, String required) {
		if (body == null || body.length == 0) {
			throw new GatewayRequestException(null,
					"The request body is empty; send a JSON object with '" + required + "'");
		}
		try {
			JsonNode json = JSON.readTree(body);
			if (json == null || !json.isObject()) {
				throw new GatewayRequestException(null, "The request body must be a JSON object");
			}
			return json;
		}
		catch (JacksonException ex) {
			throw new GatewayRequestException(null,
					"We could not parse the JSON body of your request: " + ex.getOriginalMessage());
		}
	}

	/**
	 * Refuse the fields no provider behind the gateway can honour, unless their value is
	 * the neutral one.
	 * @param json the request
	 * @param neutral the fields, each with the test of its neutral values
	 */
	static void refuseUnlessNeutral(JsonNode json, Map<String, Predicate<JsonNode>> neutral) {
		refuseUnlessNeutral(json, "", neutral);
	}

	/**
	 * Refuse the fields of a nested object no provider behind the gateway can honour,
	 * unless their value is the neutral one.
	 * @param json the object
	 * @param prefix how its fields are named in errors, such as {@code text.}
	 * @param neutral the fields, each with the test of its neutral values
	 */
	static void refuseUnlessNeutral(JsonNode json, String prefix, Map<String, Predicate<JsonNode>> neutral) {
		neutral.forEach((field, isNeutral) -> {
			JsonNode value = json.get(field);
			if (value != null && !value.isNull() && !isNeutral.test(value)) {
				throw new GatewayRequestException(prefix + field, "'" + prefix + field
						+ "' is not supported by this gateway (only its default value is accepted)");
			}
		});
	}

	static @Nullable Integer positiveInt(JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
			throw new GatewayRequestException(field, field + " must be a positive integer");
		}
		return value.asInt();
	}

	static @Nullable Double number(JsonNode json, String field, double max) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > max) {
			throw new GatewayRequestException(field, field + " must be a number between 0 and " + (int) max);
		}
		return value.asDouble();
	}

	static boolean bool(JsonNode json, String field) {
		return bool(json, field, field);
	}

	/**
	 * An optional boolean field.
	 * @param json the object holding it
	 * @param field its name
	 * @param param how the field is named in errors
	 * @return its value, {@code false} when absent
	 */
	static boolean bool(JsonNode json, String field, String param) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return false;
		}
		if (!value.isBoolean()) {
			throw new GatewayRequestException(param, param + " must be a boolean");
		}
		return value.asBoolean();
	}

	/**
	 * An optional string field.
	 * @param json the object holding it
	 * @param field its name
	 * @param param how the field is named in errors
	 * @return the string, or {@code null} when absent
	 */
	static @Nullable String string(JsonNode json, String field, String param) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new GatewayRequestException(param, param + " must be a string");
		}
		return value.stringValue();
	}

}

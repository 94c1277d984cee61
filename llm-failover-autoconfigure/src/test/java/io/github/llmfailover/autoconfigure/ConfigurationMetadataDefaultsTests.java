package io.github.llmfailover.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults the configuration metadata shows in IDEs (generated from the properties
 * classes, plus additional-spring-configuration-metadata.json for the providers' map
 * values) are the defaults the code applies.
 */
class ConfigurationMetadataDefaultsTests {

	private static final Set<Class<?>> SCALARS = Set.of(String.class, Integer.class, Long.class, Float.class,
			Double.class, Boolean.class, Duration.class, DataSize.class);

	@Test
	void everyDefaultInTheMetadataIsTheCodesDefaultAndNoneIsMissing() throws IOException {
		Map<String, JsonNode> metadata = properties("META-INF/spring-configuration-metadata.json");
		Map<String, JsonNode> additional = properties("META-INF/additional-spring-configuration-metadata.json");
		assertThat(metadata).containsKeys(additional.keySet().toArray(String[]::new));
		List<String> checked = new ArrayList<>();
		// Both: the additional file as written, and the metadata generated from it and
		// the
		// classes.
		List<Map.Entry<String, JsonNode>> all = new ArrayList<>(metadata.entrySet());
		all.addAll(additional.entrySet());
		all.forEach((entry) -> {
			String name = entry.getKey();
			JsonNode property = entry.getValue();
			BeanWrapperImpl defaults = defaultsFor(name);
			if (defaults == null) {
				return;
			}
			String path = beanPath(name);
			Class<?> type = defaults.getPropertyType(path);
			Object code = defaults.getPropertyValue(path);
			JsonNode shown = property.get("defaultValue");
			if (shown != null) {
				Object converted = ApplicationConversionService.getSharedInstance().convert(shown.asString(), type);
				assertThat(converted).as("default of %s in the metadata", name).isEqualTo(code);
				checked.add(name);
			}
			else if (type != null && SCALARS.contains(wrapper(type))) {
				assertThat(code).as("default of %s, missing from the metadata", name).isNull();
			}
		});
		assertThat(checked).contains("llm.failover.timeout", "llm.failover.backoff.initial",
				"llm.failover.circuit-breaker.failure-rate-threshold", "llm.failover.providers.*.weight",
				"llm.failover.max-response-size", "llm.failover.fleet.timeout");
	}

	private static Map<String, JsonNode> properties(String location) throws IOException {
		try (InputStream json = new ClassPathResource(location).getInputStream()) {
			Map<String, JsonNode> properties = new LinkedHashMap<>();
			JsonMapper.builder().build().readTree(json).get("properties").forEach((property) -> {
				properties.put(property.get("name").asString(), property);
			});
			return properties;
		}
	}

	/** Fresh properties objects, whose fields hold the code's defaults. */
	private static @Nullable BeanWrapperImpl defaultsFor(String name) {
		if (name.startsWith(LlmFailoverFleetProperties.PREFIX + ".")) {
			return new BeanWrapperImpl(new LlmFailoverFleetProperties());
		}
		if (name.startsWith(LlmFailoverProperties.PREFIX + ".providers.*.")) {
			return new BeanWrapperImpl(new ProviderProperties());
		}
		if (name.startsWith(LlmFailoverProperties.PREFIX + ".groups.*.providers.*.")) {
			return new BeanWrapperImpl(new GroupProperties.Provider());
		}
		if (name.startsWith(LlmFailoverProperties.PREFIX + ".groups.*.")) {
			return new BeanWrapperImpl(new GroupProperties());
		}
		if (name.startsWith(LlmFailoverProperties.PREFIX + ".") && !name.equals("llm.failover.providers")) {
			return new BeanWrapperImpl(new LlmFailoverProperties());
		}
		return null;
	}

	/**
	 * {@code llm.failover.circuit-breaker.failure-rate-threshold} ->
	 * circuitBreaker.failureRateThreshold
	 */
	private static String beanPath(String name) {
		String relative = name.startsWith(LlmFailoverFleetProperties.PREFIX + ".")
				? name.substring(LlmFailoverFleetProperties.PREFIX.length() + 1)
				: name.substring(LlmFailoverProperties.PREFIX.length() + 1);
		// A property of a map's values (providers.*.weight): its path inside the value.
		int mapValue = relative.lastIndexOf(".*.");
		if (mapValue >= 0) {
			relative = relative.substring(mapValue + ".*.".length());
		}
		StringBuilder path = new StringBuilder();
		boolean upper = false;
		for (char c : relative.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				path.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return path.toString();
	}

	private static Class<?> wrapper(Class<?> type) {
		if (!type.isPrimitive()) {
			return type;
		}
		return (type == int.class) ? Integer.class : (type == long.class) ? Long.class
				: (type == boolean.class) ? Boolean.class : (type == double.class) ? Double.class : Float.class;
	}

}

package io.github.llmfailover.springai;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The {@code spring-ai} provider type: a provider served by a Spring AI {@code ChatModel}
 * bean, named by {@code llm.failover.providers.<name>.chat-model}. Its address
 * ({@code ProviderSettings.baseUrl()}, shown by the actuator) is
 * {@code bean:<bean name>}. Free of Spring AI types, so that configuration code can use
 * it whether or not Spring AI is on the classpath.
 */
public final class SpringAiProviderType {

	/** The value of {@code llm.failover.providers.<name>.type}. */
	public static final String TYPE = "spring-ai";

	private static final String SCHEME = "bean";

	private SpringAiProviderType() {
	}

	/**
	 * The address of a provider served by a bean.
	 * @param beanName the name of the {@code ChatModel} bean
	 * @return {@code bean:<beanName>}
	 */
	public static URI address(String beanName) {
		try {
			return new URI(SCHEME, beanName, null);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Not a bean name: '" + beanName + "'", ex);
		}
	}

	/**
	 * The bean an address names.
	 * @param address an address made by {@link #address(String)}
	 * @return the bean's name
	 */
	public static String beanName(URI address) {
		if (!SCHEME.equals(address.getScheme())) {
			throw new IllegalArgumentException("Not the address of a bean: " + address);
		}
		return address.getSchemeSpecificPart();
	}

}

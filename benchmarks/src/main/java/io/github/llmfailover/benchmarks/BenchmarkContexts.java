package io.github.llmfailover.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Applications in which the in-process benchmarks get their {@code FailoverChatClient}:
 * the real auto-configuration, as an application has it, with OpenAI-style providers on
 * one local upstream.
 */
final class BenchmarkContexts {

	private BenchmarkContexts() {
	}

	/**
	 * Start an application.
	 * @param baseUrl the upstream's base URL, shared by every provider
	 * @param providers the providers' names
	 * @return the running application
	 */
	static ConfigurableApplicationContext start(String baseUrl, String... providers) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(BenchmarkApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false);
		List<String> properties = new ArrayList<>(List.of("spring.main.banner-mode=off", "logging.level.root=warn"));
		for (String name : providers) {
			String prefix = "llm.failover.providers." + name + ".";
			properties.add(prefix + "type=openai");
			properties.add(prefix + "base-url=" + baseUrl);
			properties.add(prefix + "api-key=sk-bench");
			properties.add(prefix + "model=gpt-4o-mini");
		}
		return application.properties(properties.toArray(String[]::new)).run();
	}

	/**
	 * The application the failover client is auto-configured in.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BenchmarkApplication {

	}

}

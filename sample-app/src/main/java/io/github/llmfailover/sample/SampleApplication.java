package io.github.llmfailover.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The llm-failover sample: a chat API and an OpenAI-compatible gateway in front of
 * several LLM providers. Its default profile {@code demo} serves simulated providers from
 * inside the app.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}

package io.github.llmfailover.sample.warmup;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A warm-up cut by its time limit stops sending and lets the requests in flight finish
 * before it closes the throwaway instance: nothing is logged as an error, and the
 * application serves once ready.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.warm-up.enabled=true", "sample.warm-up.requests=100000000",
				"sample.warm-up.max-time=2s" })
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class WarmUpTimeLimitTests {

	@Autowired
	private WebTestClient client;

	@Test
	void stopsSendingAtTheLimitAndLetsRequestsInFlightFinish(CapturedOutput output) {
		Matcher warmedUp = Pattern
			.compile("Warmed up before ready: (\\d+) of 100000000 requests .* stopped it after (\\d+) were sent")
			.matcher(output.getAll());
		assertThat(warmedUp.find()).as("the warm-up's report in the log").isTrue();
		assertThat(Integer.parseInt(warmedUp.group(1))).as("requests served").isPositive();
		// Every request sent before the limit was answered: none was cut off.
		assertThat(warmedUp.group(1)).as("requests served").isEqualTo(warmedUp.group(2));
		// The warm-up runs once the application has started.
		List<String> problems = output.getAll()
			.lines()
			.dropWhile((line) -> !line.contains("Started " + getClass().getSimpleName()))
			.filter((line) -> line.contains(" WARN ") || line.contains(" ERROR "))
			.toList();
		assertThat(output).contains("Started " + getClass().getSimpleName());
		assertThat(problems).as("WARN and ERROR lines").isEmpty();
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"hello\"}")
			.exchange()
			.expectStatus()
			.isOk();
	}

}

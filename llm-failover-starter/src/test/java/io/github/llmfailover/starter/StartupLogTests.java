package io.github.llmfailover.starter;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.llmfailover.chat.FailoverChatClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that adds the starter and configures a provider starts without a warning
 * or an error in its log: users cannot be asked to hide one with a log level. Started as
 * users start it, with {@link SpringApplication} and Boot's logging, on the starter's own
 * dependencies.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupLogTests {

	/** A line of Boot's default console format at WARN or ERROR. */
	private static final Pattern WARN_OR_ERROR = Pattern.compile("^\\S+\\s+(WARN|ERROR)\\s");

	private static final String[] ONE_PROVIDER = { "--llm.failover.providers.openai.type=openai",
			"--llm.failover.providers.openai.base-url=http://127.0.0.1:9/v1",
			"--llm.failover.providers.openai.api-key=sk-test", "--llm.failover.providers.openai.model=gpt-4o-mini",
			"--spring.main.banner-mode=off" };

	@Test
	void aPlainApplicationWithOnlyTheStarterLogsNoWarning(CapturedOutput output) {
		startAndStop(WebApplicationType.NONE, output);
	}

	@Test
	void aWebFluxApplicationWithActuatorLogsNoWarning(CapturedOutput output) {
		startAndStop(WebApplicationType.REACTIVE, output, "--server.port=0", "--server.address=127.0.0.1",
				"--management.endpoints.web.exposure.include=health,metrics,llmproviders");
	}

	private static void startAndStop(WebApplicationType type, CapturedOutput output, String... more) {
		SpringApplication application = new SpringApplication(PlainApplication.class);
		application.setWebApplicationType(type);
		String[] args = concat(ONE_PROVIDER, more);
		try (ConfigurableApplicationContext context = application.run(args)) {
			assertThat(context.getBean(FailoverChatClient.class)).isNotNull();
		}
		List<String> lines = output.getAll().lines().toList();
		assertThat(lines).anyMatch((line) -> line.contains(": Started "));
		assertThat(lines).noneMatch((line) -> WARN_OR_ERROR.matcher(line).find());
	}

	private static String[] concat(String[] first, String[] second) {
		String[] all = new String[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	@SpringBootApplication
	static class PlainApplication {

	}

}

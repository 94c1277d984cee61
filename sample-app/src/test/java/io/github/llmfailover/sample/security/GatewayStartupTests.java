package io.github.llmfailover.sample.security;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import io.github.llmfailover.sample.OwnEventLoops;
import io.github.llmfailover.sample.SampleApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Outside the demo profile the gateway does not start open by accident, and tells why.
 */
@ExtendWith(OutputCaptureExtension.class)
class GatewayStartupTests {

	private static String[] args(String... more) {
		List<String> args = new ArrayList<>(List.of("--spring.profiles.active=production-like", "--server.port=0",
				"--spring.main.banner-mode=off", "--llm.failover.providers.a.type=openai",
				"--llm.failover.providers.a.base-url=http://127.0.0.1:9/v1", "--llm.failover.providers.a.model=m"));
		args.addAll(List.of(more));
		return args.toArray(String[]::new);
	}

	/**
	 * Start the application on event loops of its own: closing it must not close those of
	 * the test contexts Spring keeps for later tests.
	 */
	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.addInitializers(new OwnEventLoops());
		return application.run(args);
	}

	@Test
	void refusesToStartWithoutKeysNamingAllowAnonymous(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(args()))
			.satisfies((ex) -> assertThat(NestedExceptionUtils.getRootCause(ex))
				.isInstanceOf(InvalidGatewaySecurityException.class));
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("No caller key is configured (gateway.keys) and gateway.allow-anonymous is false")
			.contains("or set gateway.allow-anonymous=true to run the gateway open on purpose");
	}

	@Test
	void refusesPlainKeysAndPasswordsWithoutRepeatingThem(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(args("--gateway.keys.team.sha256=my-plain-key-1234",
				"--gateway.keys.team.requests-per-minute=0", "--gateway.operators.ops.password=plain-pass-5678",
				"--gateway.operators.dev.password={noop}noop-pass-9012")));
		assertThat(output.getAll()).contains("gateway.keys.team.sha256 is not 64 hex digits")
			.contains("gateway.keys.team.requests-per-minute is 0")
			.contains("gateway.operators.ops.password is not an encoded password")
			.contains("gateway.operators.dev.password is not an encoded password")
			.doesNotContain("my-plain-key-1234")
			.doesNotContain("plain-pass-5678")
			.doesNotContain("noop-pass-9012");
	}

	@Test
	void startsOpenWhenToldAndSaysSo(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run(args("--gateway.allow-anonymous=true"))) {
			assertThat(context.isRunning()).isTrue();
		}
		assertThat(output.getAll()).contains(
				"gateway.allow-anonymous=true: /v1 and /chat serve requests without a caller key, listening on every "
						+ "network interface");
	}

}

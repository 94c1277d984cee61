package io.github.llmfailover.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.llmfailover.sample.demo.DemoTraffic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser: it shows the providers and their model groups, a
 * provider broken through the page's button opens its circuit, and traffic visibly moves
 * to the others. Needs Debian's Chromium; skipped, saying how to install it, when it is
 * missing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DashboardBrowserTests extends DemoAppTests {

	private static final Duration LIMIT = Duration.ofSeconds(30);

	private static final String TURNS = "[...document.querySelectorAll('#agent-turns li')]";

	private static final String AGENT_STATUS = "document.querySelector('#agent-status').textContent";

	@LocalServerPort
	private int port;

	@Autowired
	private DemoTraffic traffic;

	@AfterEach
	void stopTraffic() {
		this.traffic.stop();
	}

	@Test
	void breakingAProviderFromThePageOpensItsCircuitAndMovesTraffic() throws Exception {
		try (HeadlessChromium browser = openDashboard()) {
			browser.waitFor(circuitOf("openai") + " === 'CLOSED'", LIMIT);
			// Without groups configured, every provider is in the one default group.
			browser.waitFor(textOf("local", ".groups") + " === 'default (priority 1, weight 1, 0%)'", LIMIT);
			browser.waitFor("document.querySelector('#groups').textContent"
					+ " === 'Model groups: default → openai, anthropic, local [default]'", LIMIT);

			browser.evaluate("const rate = document.querySelector('#traffic-rate'); rate.value = 15;"
					+ " rate.dispatchEvent(new Event('input')); document.querySelector('#traffic-toggle').click()");
			browser.waitFor("document.querySelectorAll('#recent-strip span').length >= 15", LIMIT);
			browser.waitFor(recentShareOf("openai") + " > 0", LIMIT);
			// What the simulators' rate-limit headers said, as the actuator shows it;
			// Ollama sends none.
			browser.waitFor(textOf("openai", ".rate-limit") + ".match(/^[\\d,.\\s]+ requests · [\\d,.\\s]+ tokens left,"
					+ " resets /) !== null", LIMIT);
			browser.waitFor(textOf("local", ".rate-limit") + " === '–'", LIMIT);

			browser.evaluate(
					"document.querySelector(\"[data-provider='openai'] button[data-fault='server-error']\").click()");
			browser.waitFor(circuitOf("openai") + " === 'OPEN'", LIMIT);
			browser.waitFor(textOf("openai", ".share") + " === '0%'", LIMIT);
			browser.waitFor(textOf("anthropic", ".share") + " === '100%'", LIMIT);
			browser.waitFor(textOf("openai", ".last-error") + ".includes('server_error')", LIMIT);
			// The newest requests are all served by someone else.
			browser.waitFor("[...document.querySelectorAll('#recent-strip span')].slice(-8)"
					+ ".every((cell) => !cell.title.startsWith('openai') && !cell.title.startsWith('no answer'))",
					LIMIT);
			assertThat(this.providers.find("openai").orElseThrow().circuitState().name()).isEqualTo("OPEN");

			byte[] screenshot = browser.screenshot();
			assertThat(screenshot).hasSizeGreaterThan(10_000);
			Path target = Path.of("target", "dashboard.png");
			Files.write(target, screenshot);
		}
	}

	@Test
	void theAgentPanelShowsEachTurnItsProviderAndItsToolCallsWhileProvidersBreak() throws Exception {
		try (HeadlessChromium browser = openDashboard()) {

			// openai broken from its card: the loop runs on the others.
			browser.evaluate(
					"document.querySelector(\"[data-provider='openai'] button[data-fault='server-error']\").click()");
			browser.waitFor(textOf("openai", ".fault") + " === 'server-error'", LIMIT);
			browser.evaluate("document.querySelector('#agent-break').checked = false;"
					+ " document.querySelector('#agent-run').click()");
			browser.waitFor(AGENT_STATUS + ".startsWith('Answered in 3 turn(s)')", LIMIT);
			assertThat(browser.evaluate(TURNS + ".map((turn) => turn.dataset.provider).join(' ')").asString())
				.doesNotContain("openai");
			assertThat(browser.evaluate(TURNS + ".map((turn) => turn.dataset.tools).join('|')").asString())
				.isEqualTo("add|current_time|");
			assertThat(browser.evaluate(TURNS + "[0].querySelector('.call').textContent").asString()).contains("add(")
				.contains("42");
			assertThat(browser.evaluate(TURNS + "[2].querySelector('.answer').textContent").asString()).contains("42");

			// Healed, then each turn's provider broken as the turn ends: three turns,
			// three
			// providers, each turn's tool results answered by the next one.
			browser.evaluate("document.querySelector(\"[data-provider='openai'] button[data-fault='none']\").click()");
			browser.waitFor(textOf("openai", ".fault") + " === 'none'", LIMIT);
			browser.evaluate("document.querySelector('#agent-break').checked = true;"
					+ " document.querySelector('#agent-run').click()");
			browser.waitFor(AGENT_STATUS + ".startsWith('Answered in 3 turn(s)')", LIMIT);
			assertThat(browser.evaluate("new Set(" + TURNS + ".map((turn) => turn.dataset.provider)).size").asInt())
				.isEqualTo(3);
			browser.waitFor("['openai', 'anthropic', 'local'].every((name) => document.querySelector("
					+ "`[data-provider='${name}'] .fault`).textContent === 'server-error')", LIMIT);
			Files.write(Path.of("target", "dashboard-agent.png"), browser.screenshot());
		}
	}

	/** The dashboard in Chromium, once it shows the three providers. */
	private HeadlessChromium openDashboard() throws Exception {
		Path chromium = HeadlessChromium.find().orElse(null);
		Assumptions.assumeTrue(chromium != null,
				"Chromium not found: install it with 'apt-get install -y chromium' to run the dashboard browser test");
		HeadlessChromium browser = HeadlessChromium.start(chromium);
		try {
			browser.open("http://127.0.0.1:" + this.port + "/");
			browser.waitFor("document.querySelectorAll('article.provider').length === 3", LIMIT);
			return browser;
		}
		catch (Exception | AssertionError ex) {
			browser.close();
			throw ex;
		}
	}

	private static String card(String provider) {
		return "document.querySelector(\"[data-provider='" + provider + "']\")";
	}

	private static String textOf(String provider, String selector) {
		return card(provider) + ".querySelector('" + selector + "').textContent";
	}

	private static String circuitOf(String provider) {
		return textOf(provider, ".circuit");
	}

	private static String recentShareOf(String provider) {
		return "parseInt(" + textOf(provider, ".recent-share") + ")";
	}

}

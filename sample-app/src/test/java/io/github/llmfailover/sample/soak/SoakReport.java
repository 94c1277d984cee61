package io.github.llmfailover.sample.soak;

import java.util.List;
import java.util.function.Predicate;

/**
 * The soak's results as a Markdown table, one row a phase, whole answers and streams
 * apart.
 */
final class SoakReport {

	private SoakReport() {
	}

	static String table(List<SoakPhase> phases) {
		StringBuilder table = new StringBuilder();
		table.append("| Fault | On | Requests (chat / stream) | Served | Failed | Streams broken after first token "
				+ "(reported) | p99 ms | Max ms | Back in rotation after heal |\n");
		table.append("|---|---|---|---|---|---|---|---|---|\n");
		for (SoakPhase phase : phases) {
			table.append("| ").append(phase.name());
			table.append(" | ").append(phase.targets().isEmpty() ? "–" : String.join(", ", phase.targets()));
			table.append(" | ").append(phase.count(all())).append(" (").append(phase.count((r) -> !r.stream()));
			table.append(" / ").append(phase.count(SoakResult::stream)).append(')');
			table.append(" | ").append(phase.count(SoakResult::served));
			table.append(" | ").append(phase.count(SoakResult::failed));
			table.append(" | ").append(phase.count(SoakResult::interrupted));
			table.append(" | ").append(phase.p99Millis());
			table.append(" | ").append(phase.maxMillis());
			table.append(" | ").append(recovery(phase)).append(" |\n");
		}
		return table.toString();
	}

	/** What a client received when its request was not served: one example a phase. */
	static String examples(List<SoakPhase> phases) {
		StringBuilder examples = new StringBuilder(
				"What a client received when its request was not served (one example " + "a phase):\n\n");
		for (SoakPhase phase : phases) {
			phase.results()
				.stream()
				.filter((result) -> !result.served() && !result.detail().isEmpty())
				.findFirst()
				.ifPresent((result) -> examples.append("- ")
					.append(phase.name())
					.append(result.interrupted() ? " (stream broken after its first token, HTTP 200): "
							: " (HTTP " + result.status() + "): ")
					.append('`')
					.append(result.detail().replace('`', '\''))
					.append("`\n"));
		}
		return examples.toString();
	}

	private static String recovery(SoakPhase phase) {
		if (phase.targets().isEmpty()) {
			return "–";
		}
		return (phase.recoveryMillis() != null) ? phase.recoveryMillis() + " ms" : "not within the limit";
	}

	private static Predicate<SoakResult> all() {
		return (result) -> true;
	}

}

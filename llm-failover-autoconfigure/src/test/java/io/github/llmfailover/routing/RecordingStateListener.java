package io.github.llmfailover.routing;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Writes down what a {@link ProviderStateListener} hears, a line per event, for tests to
 * assert on: {@code opened <provider> until <epoch millis>}, {@code closed <provider>},
 * {@code cooldown <provider>} and {@code changed <provider> <change>}.
 */
final class RecordingStateListener implements ProviderStateListener {

	final List<String> heard = new CopyOnWriteArrayList<>();

	@Override
	public void circuitOpened(String provider, Instant until) {
		this.heard.add("opened " + provider + " until " + until.toEpochMilli());
	}

	@Override
	public void circuitClosed(String provider) {
		this.heard.add("closed " + provider);
	}

	@Override
	public void cooldownStarted(String provider, Instant until) {
		this.heard.add("cooldown " + provider);
	}

	@Override
	public void operatorChanged(String provider, ProviderChange change) {
		this.heard.add("changed " + provider + " " + change);
	}

}

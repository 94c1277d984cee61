package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whether requests are being routed past open circuits now, since when, and how many
 * attempts were. Panic is on while no provider is in rotation and the
 * {@link PanicRouting} admits at least one; it is each instance's own. Its start and end
 * are logged once each, when routing or an observer first sees them.
 */
public final class PanicMode {

	private static final Log logger = LogFactory.getLog(PanicMode.class);

	private static final long INACTIVE = Long.MIN_VALUE;

	private final List<RoutedProvider> providers;

	private final PanicRouting routing;

	private final Clock clock;

	private final AtomicLong sinceMillis = new AtomicLong(INACTIVE);

	private final LongAdder routedAttempts = new LongAdder();

	PanicMode(List<RoutedProvider> providers, PanicRouting routing, Clock clock) {
		this.providers = providers;
		this.routing = routing;
		this.clock = clock;
	}

	/**
	 * Whether requests are routed past open circuits now.
	 * @return {@code true} while no provider is in rotation and some are admitted anyway
	 */
	public boolean isActive() {
		return refresh(this.clock.millis());
	}

	/**
	 * Since when requests are routed past open circuits.
	 * @return the start, or {@code null} when panic routing is not active
	 */
	public @Nullable Instant since() {
		long since = (isActive()) ? this.sinceMillis.get() : INACTIVE;
		return (since != INACTIVE) ? Instant.ofEpochMilli(since) : null;
	}

	/**
	 * How many attempts went to a provider out of rotation, since the application
	 * started.
	 * @return the count
	 */
	public long routedAttempts() {
		return this.routedAttempts.sum();
	}

	boolean admits(RoutedProvider provider, long nowMillis) {
		return this.routing.admits(provider, nowMillis);
	}

	/**
	 * A provider in rotation was chosen: whatever panic there was is over.
	 */
	void routedNormally(RoutedProvider provider, long nowMillis) {
		if (this.sinceMillis.get() != INACTIVE) {
			end(nowMillis, "LLM provider '" + provider.name() + "' is back in rotation");
		}
	}

	/**
	 * An attempt was routed past an open circuit.
	 */
	void routedInPanic(long nowMillis) {
		this.routedAttempts.increment();
		if (this.sinceMillis.get() == INACTIVE) {
			refresh(nowMillis);
		}
	}

	private boolean refresh(long nowMillis) {
		boolean admitted = false;
		for (RoutedProvider provider : this.providers) {
			if (provider.availability().isInRotation(nowMillis)) {
				routedNormally(provider, nowMillis);
				return false;
			}
			admitted |= this.routing.admits(provider, nowMillis);
		}
		if (!admitted) {
			end(nowMillis, "no provider may serve past its circuit any more");
		}
		else if (this.sinceMillis.compareAndSet(INACTIVE, nowMillis)) {
			logger.info("No LLM provider is in rotation; routing requests anyway to those out only because their "
					+ "circuit is open (" + admittedNames(nowMillis) + ") until one is back (panic routing)");
		}
		return admitted;
	}

	private void end(long nowMillis, String why) {
		long since = this.sinceMillis.getAndSet(INACTIVE);
		if (since != INACTIVE) {
			logger.info("Panic routing ended after " + Duration.ofMillis(Math.max(0, nowMillis - since)).toSeconds()
					+ " s: " + why);
		}
	}

	private String admittedNames(long nowMillis) {
		return this.providers.stream()
			.filter((provider) -> this.routing.admits(provider, nowMillis))
			.map(RoutedProvider::name)
			.collect(Collectors.joining(", "));
	}

}

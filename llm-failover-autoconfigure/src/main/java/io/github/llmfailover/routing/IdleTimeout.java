package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The longest silence allowed between two items of one stream, as the per-item timeout of
 * Reactor's {@code timeout(first, item -> idleTimeout)}: it fires once that long has
 * passed since the last item. {@code Mono.delay} per item would put a timer on the
 * scheduler and take the previous one off for every token, and often wake a scheduler
 * thread for it; here one timer per stream is armed at the first item, and when it fires
 * early (items came since) it is re-armed for the rest of the silence, so a healthy
 * stream schedules about one timer per idle period instead of one per token.
 * {@link #stop()} takes it off when the stream ends.
 */
final class IdleTimeout implements Publisher<Long> {

	private final long idleNanos;

	private final Scheduler scheduler;

	/** The timeout operator's subscriber for the latest item, null once cancelled. */
	private final AtomicReference<@Nullable Subscriber<? super Long>> current = new AtomicReference<>();

	private final AtomicBoolean armed = new AtomicBoolean();

	private volatile long lastItemNanos;

	private volatile @Nullable Disposable timer;

	private volatile boolean stopped;

	/**
	 * @param idle the longest silence allowed
	 */
	IdleTimeout(Duration idle) {
		this.idleNanos = idle.toNanos();
		this.scheduler = EventLoopTimers.INSTANCE;
	}

	/**
	 * Called by the timeout operator for every item: the silence starts again now.
	 */
	@Override
	public void subscribe(Subscriber<? super Long> subscriber) {
		this.lastItemNanos = this.scheduler.now(TimeUnit.NANOSECONDS);
		this.current.set(subscriber);
		subscriber.onSubscribe(new Subscription() {

			@Override
			public void request(long n) {
			}

			@Override
			public void cancel() {
				// The next item's subscriber may already have taken its place.
				IdleTimeout.this.current.compareAndSet(subscriber, null);
			}

		});
		arm();
	}

	/**
	 * Take the timer off: the stream has ended.
	 */
	void stop() {
		this.stopped = true;
		Disposable armedTimer = this.timer;
		if (armedTimer != null) {
			armedTimer.dispose();
		}
	}

	private void arm() {
		if (!this.stopped && this.armed.compareAndSet(false, true)) {
			schedule(this.idleNanos);
		}
	}

	private void schedule(long delayNanos) {
		this.timer = this.scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
	}

	private void check() {
		Subscriber<? super Long> subscriber = this.current.get();
		if (subscriber == null || this.stopped) {
			// Between two items, or after the last: arm again only if an item came
			// meanwhile, as its subscribe saw the timer still armed.
			this.armed.set(false);
			if (this.current.get() != null) {
				arm();
			}
			return;
		}
		long silent = this.scheduler.now(TimeUnit.NANOSECONDS) - this.lastItemNanos;
		if (silent < this.idleNanos) {
			schedule(this.idleNanos - silent);
			return;
		}
		this.armed.set(false);
		if (this.current.compareAndSet(subscriber, null)) {
			subscriber.onNext(0L);
		}
		else if (this.current.get() != null) {
			// An item came while this ran: its silence has only begun.
			arm();
		}
	}

}

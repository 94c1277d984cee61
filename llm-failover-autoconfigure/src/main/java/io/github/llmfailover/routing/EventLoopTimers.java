package io.github.llmfailover.routing;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.ThreadExecutorMap;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.util.ClassUtils;

/**
 * The scheduler of a request's timers: its deadline, each attempt's timeout, the silence
 * allowed between tokens, backoffs and hedge delays. A timer set on a Netty event loop
 * thread, where requests arrive and answers are read, goes on that loop's own timer
 * queue, which the loop checks each time it waits for I/O: setting it wakes no other
 * thread, and neither does taking it off (from another loop, the removal is queued
 * without a wake-up). On Reactor's parallel scheduler, where {@code Mono.delay} puts
 * timers by default, setting a timer that becomes the earliest wakes that scheduler's
 * worker thread, and a request sets two before its first token: on a machine with few
 * cores, those threads compete with the event loops on the request's path. Anywhere else
 * (application threads, tests in virtual time) timers stay on
 * {@link Schedulers#parallel()}, looked up for each timer so that a test's virtual-time
 * scheduler applies.
 * <p>
 * A timer that fires runs on the loop that set it, in turn with that loop's I/O; the work
 * the timers start (ending an attempt, starting the next one) is work the loops do
 * anyway.
 */
final class EventLoopTimers implements Scheduler {

	/** The timers of every failover client: they hold no state of their own. */
	static final Scheduler INSTANCE = new EventLoopTimers();

	/**
	 * Netty's record of the executor each of its threads runs, the one way it exposes it
	 * for the current thread. In an internal package, so used only when present.
	 */
	private static final boolean THREAD_EXECUTOR_MAP_PRESENT = ClassUtils
		.isPresent("io.netty.util.internal.ThreadExecutorMap", EventLoopTimers.class.getClassLoader());

	private EventLoopTimers() {
	}

	@Override
	public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		EventExecutor loop = currentEventLoop();
		// A loop that is shutting down drops the timers it holds, and these must fire.
		if (loop != null && !loop.isShuttingDown()) {
			try {
				return new LoopTimer(loop.schedule(task, delay, unit));
			}
			catch (RejectedExecutionException ex) {
				// It began shutting down meanwhile.
			}
		}
		return Schedulers.parallel().schedule(task, delay, unit);
	}

	@Override
	public Disposable schedule(Runnable task) {
		return Schedulers.parallel().schedule(task);
	}

	@Override
	public long now(TimeUnit unit) {
		return Schedulers.parallel().now(unit);
	}

	@Override
	public Worker createWorker() {
		return Schedulers.parallel().createWorker();
	}

	private static @Nullable EventExecutor currentEventLoop() {
		return THREAD_EXECUTOR_MAP_PRESENT ? ThreadExecutorMap.currentExecutor() : null;
	}

	/** A timer on an event loop, taken off when disposed. */
	private record LoopTimer(ScheduledFuture<?> future) implements Disposable {

		@Override
		public void dispose() {
			this.future.cancel(false);
		}

		@Override
		public boolean isDisposed() {
			return this.future.isDone();
		}

	}

}

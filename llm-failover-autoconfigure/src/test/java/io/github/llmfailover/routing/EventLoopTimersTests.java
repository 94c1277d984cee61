package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's timers go on the event loop that sets them, and on Reactor's parallel
 * scheduler from any other thread.
 */
class EventLoopTimersTests {

	private final EventLoop loop = new DefaultEventLoop();

	@AfterEach
	void shutDown() {
		this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void aTimerSetOnAnEventLoopFiresOnThatLoop() throws Exception {
		CompletableFuture<Thread> firedOn = new CompletableFuture<>();
		Thread loopThread = this.loop.submit(() -> {
			EventLoopTimers.INSTANCE.schedule(() -> firedOn.complete(Thread.currentThread()), 10,
					TimeUnit.MILLISECONDS);
			return Thread.currentThread();
		}).get(5, TimeUnit.SECONDS);
		assertThat(firedOn.get(5, TimeUnit.SECONDS)).isSameAs(loopThread);
	}

	@Test
	void aTimerSetElsewhereFiresOnTheParallelScheduler() throws Exception {
		CompletableFuture<String> firedOn = new CompletableFuture<>();
		EventLoopTimers.INSTANCE.schedule(() -> firedOn.complete(Thread.currentThread().getName()), 10,
				TimeUnit.MILLISECONDS);
		assertThat(firedOn.get(5, TimeUnit.SECONDS)).startsWith("parallel-");
	}

	@Test
	void aTimerTakenOffFromAnotherThreadDoesNotFire() throws Exception {
		AtomicBoolean fired = new AtomicBoolean();
		Disposable timer = this.loop
			.submit(() -> EventLoopTimers.INSTANCE.schedule(() -> fired.set(true), 2, TimeUnit.SECONDS))
			.get(5, TimeUnit.SECONDS);
		assertThat(timer.isDisposed()).isFalse();
		timer.dispose();
		assertThat(timer.isDisposed()).isTrue();
		// A marker set after the timer's time on the same loop: the loop has passed it.
		CountDownLatch passed = new CountDownLatch(1);
		this.loop.schedule(passed::countDown, 2200, TimeUnit.MILLISECONDS);
		assertThat(passed.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(fired).isFalse();
	}

	@Test
	void aTimerSetOnALoopThatIsShuttingDownStillFires() throws Exception {
		CompletableFuture<String> firedOn = new CompletableFuture<>();
		this.loop.submit(() -> {
			this.loop.shutdownGracefully(0, 5, TimeUnit.SECONDS);
			EventLoopTimers.INSTANCE.schedule(() -> firedOn.complete(Thread.currentThread().getName()), 10,
					TimeUnit.MILLISECONDS);
		}).get(5, TimeUnit.SECONDS);
		assertThat(firedOn.get(5, TimeUnit.SECONDS)).startsWith("parallel-");
	}

	@Test
	void delaysFollowVirtualTimeOffTheEventLoops() {
		StepVerifier.withVirtualTime(() -> Mono.delay(Duration.ofHours(1), EventLoopTimers.INSTANCE))
			.expectSubscription()
			.expectNoEvent(Duration.ofMinutes(59))
			.thenAwait(Duration.ofMinutes(1))
			.expectNext(0L)
			.verifyComplete();
	}

}

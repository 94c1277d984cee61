package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.routing.FailoverHarness.Built;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The latency-aware share rule on a test clock: traffic moves toward the faster provider,
 * never past the max factor nor below the min share, follows a slow provider back when it
 * speeds up, and old latencies fade by the half-life.
 */
class LatencyAwareSharesTests {

	private static final Duration HALF_LIFE = Duration.ofSeconds(10);

	private static final long MS = 1_000_000;

	private final TestClock clock = new TestClock();

	private final LatencyAwareShares rule = LatencyAwareShares.of(HALF_LIFE, 2, 0.05);

	@Test
	void aProviderTwiceAsSlowGetsAQuarterOfWhatItsWeightWouldGiveIt() {
		double[] shares = this.rule.shares(new int[] { 1, 1 }, new Latency[] { ttft(100), ttft(200) });
		// 1 against 1/4: 0.8 and 0.2.
		assertThat(shares[0]).isCloseTo(0.8, within(1e-9));
		assertThat(shares[1]).isCloseTo(0.2, within(1e-9));
		assertThat(this.rule.reason(new int[] { 1, 1 }, new Latency[] { ttft(100), ttft(200) }, shares, 1))
			.isEqualTo("latency 2.0x the tier's fastest (ttft 200 ms vs 100 ms)");
		assertThat(this.rule.reason(new int[] { 1, 1 }, new Latency[] { ttft(100), ttft(200) }, shares, 0))
			.isEqualTo("the tier's fastest (ttft 100 ms)");
	}

	@Test
	void noShareRisesAboveItsWeightsShareTimesTheMaxFactor() {
		LatencyAwareShares capped = LatencyAwareShares.of(HALF_LIFE, 1.5, 0.05);
		int[] weights = { 1, 1, 2 };
		Latency[] latencies = { ttft(100), ttft(300), ttft(300) };
		double[] shares = capped.shares(weights, latencies);
		// The fast one would get 1 / (1 + 1/9 + 2/9) = 0.75; its weight's share is 0.25,
		// so 0.375 at most. The others split the rest by weight: 0.208 and 0.417.
		assertThat(shares[0]).isCloseTo(0.375, within(1e-9));
		assertThat(shares[1]).isCloseTo(0.625 / 3, within(1e-9));
		assertThat(shares[2]).isCloseTo(0.625 * 2 / 3, within(1e-9));
		assertThat(capped.reason(weights, latencies, shares, 0)).endsWith("; capped at 1.5x its weight's share");
		// A factor of 1: traffic only moves away from slow providers, never toward a fast
		// one beyond its weight's share; the shares add up all the same.
		double[] none = LatencyAwareShares.of(HALF_LIFE, 1, 0.05).shares(weights, latencies);
		assertThat(none).containsExactly(new double[] { 0.25, 0.25, 0.5 }, within(1e-9));
	}

	@Test
	void aVerySlowProviderKeepsTheMinShareOrItsWeightsShareWhenSmaller() {
		int[] weights = { 1, 1 };
		Latency[] latencies = { ttft(50), ttft(5000) };
		double[] shares = this.rule.shares(weights, latencies);
		assertThat(shares[1]).isCloseTo(0.05, within(1e-9));
		assertThat(shares[0]).isCloseTo(0.95, within(1e-9));
		assertThat(this.rule.reason(weights, latencies, shares, 1))
			.isEqualTo("latency 100.0x the tier's fastest (ttft 5000 ms vs 50 ms); held at the min share 0.05 to "
					+ "keep measuring it");
		// Weighing 1 against 99, its weight's share (1 %) is below the min share: it
		// keeps that, not more.
		double[] small = this.rule.shares(new int[] { 99, 1 }, latencies);
		assertThat(small[1]).isCloseTo(0.01, within(1e-9));
		// Without a min share, it all but stops.
		assertThat(LatencyAwareShares.of(HALF_LIFE, 2, 0).shares(weights, latencies)[1]).isLessThan(0.001);
	}

	@Test
	void providersNotMeasuredOftenEnoughCountAsFastAndThoseThatMayNotServeGetNothing() {
		Latency few = new Latency(900.0, LatencyAwareShares.MIN_MEASURED - 1, null, 0);
		int[] weights = { 1, 1, 0 };
		Latency[] latencies = { ttft(100), few, ttft(1) };
		double[] shares = this.rule.shares(weights, latencies);
		// The third is the fastest but may not serve: it sets no pace and gets nothing.
		assertThat(shares).containsExactly(new double[] { 0.5, 0.5, 0 }, within(1e-9));
		assertThat(this.rule.reason(weights, latencies, shares, 1)).startsWith("latency not measured yet");
		assertThat(this.rule.shares(new int[] { 0, 0 }, new Latency[] { ttft(1), ttft(2) })).containsExactly(0, 0);
	}

	@Test
	void theSlowerMeasureCountsAndWholeAnswersCompareByTimePerOutputToken() {
		LatencyStats a = new LatencyStats(this.clock, HALF_LIFE);
		LatencyStats b = new LatencyStats(this.clock, HALF_LIFE);
		for (int i = 0; i < LatencyAwareShares.MIN_MEASURED; i++) {
			// The same time per token: a's answers are ten times as long.
			a.recordAnswer(1000 * MS, new TokenUsage(10, 100));
			b.recordAnswer(100 * MS, new TokenUsage(10, 10));
			// Without a usage, an answer says nothing of the time per token.
			b.recordAnswer(100_000 * MS, null);
			// But b's streams start three times later.
			a.recordFirstToken(100 * MS);
			b.recordFirstToken(300 * MS);
		}
		assertThat(b.averages().perOutputTokenMillis()).isCloseTo(10, within(1e-9));
		Latency[] latencies = { a.averages(), b.averages() };
		double[] shares = this.rule.shares(new int[] { 1, 1 }, latencies);
		assertThat(shares[1]).isCloseTo(0.1, within(1e-9));
		assertThat(this.rule.reason(new int[] { 1, 1 }, latencies, shares, 1)).contains("3.0x")
			.contains("ttft 300 ms vs 100 ms");
	}

	@Test
	void anAverageForgetsHalfOfItsPastEveryHalfLife() {
		DecayingAverage average = new DecayingAverage(HALF_LIFE.toMillis());
		assertThat(average.value()).isNaN();
		average.add(100, 0);
		average.add(200, 0);
		// Together in time, alike in weight.
		assertThat(average.value()).isCloseTo(150, within(1e-9));
		average.add(450, HALF_LIFE.toMillis());
		// The first two weigh half now: (50 + 100 + 450) / (0.5 + 0.5 + 1).
		assertThat(average.value()).isCloseTo(300, within(1e-9));
		average.add(10, 30 * HALF_LIFE.toMillis());
		// After a long silence, the past is all but gone.
		assertThat(average.value()).isCloseTo(10, within(0.01));
		assertThat(average.count()).isEqualTo(4);
		assertThatIllegalArgumentException().isThrownBy(() -> new DecayingAverage(0));
	}

	@Test
	void aProviderThatSlowsDownLosesItsShareAndWinsItBackWhenItSpeedsUp() {
		LatencyStats fast = new LatencyStats(this.clock, HALF_LIFE);
		LatencyStats other = new LatencyStats(this.clock, HALF_LIFE);
		// Both at 100 ms for a minute, ten answers a second each.
		observe(fast, other, 100, 60);
		assertThat(shareOfOther(fast, other)).isCloseTo(0.5, within(1e-9));
		// The other turns five times slower: within a few seconds it has lost most of
		// its share, and soon sits at the min share.
		observe(fast, other, 500, 3);
		double afterThreeSeconds = shareOfOther(fast, other);
		assertThat(afterThreeSeconds).isLessThan(0.25);
		observe(fast, other, 500, 30);
		assertThat(shareOfOther(fast, other)).isCloseTo(0.05, within(1e-9));
		// It recovers; still measured at the min share, it wins its share back as its
		// slow past fades.
		observe(fast, other, 100, 10);
		double afterTenSeconds = shareOfOther(fast, other);
		assertThat(afterTenSeconds).isGreaterThan(0.05);
		observe(fast, other, 100, 90);
		assertThat(shareOfOther(fast, other)).isGreaterThan(afterTenSeconds).isCloseTo(0.5, within(0.02));
	}

	@Test
	void throughTheRegistryTheSharesAndTheirReasonsFollowLatencyInTheTiersItAppliesTo() {
		// Answers without output tokens: the calls below measure no time per token, which
		// in microseconds would be noise.
		ScriptedProvider a = new ScriptedProvider("a").always(() -> withoutUsage("a"));
		ScriptedProvider b = new ScriptedProvider("b").always(() -> withoutUsage("b"));
		ScriptedProvider c = new ScriptedProvider("c");
		ScriptedProvider d = new ScriptedProvider("d");
		Built built = new FailoverHarness().provider("a", 0, 1, a)
			.provider("b", 0, 1, b)
			.provider("c", 1, 1, c)
			.provider("d", 1, 1, d)
			.latencyAwareShares(this.rule.inTiers((priority) -> priority == 0))
			.build();
		for (int i = 0; i < LatencyAwareShares.MIN_MEASURED; i++) {
			built.provider("a").latency().recordFirstToken(60 * MS);
			built.provider("b").latency().recordFirstToken(300 * MS);
			built.provider("c").latency().recordFirstToken(60 * MS);
			built.provider("d").latency().recordFirstToken(300 * MS);
		}
		assertThat(built.registry().shares().get("b")).isCloseTo(0.05, within(1e-9));
		assertThat(built.registry().shares()).containsEntry("c", 0.0);
		ProviderSnapshot slow = built.snapshot("b");
		assertThat(slow.share()).isCloseTo(0.05, within(1e-9));
		LatencyShare why = slow.latencyShare();
		assertThat(why).isNotNull();
		assertThat(why.configuredShare()).isEqualTo(0.5);
		assertThat(why.effectiveShare()).isEqualTo(slow.share());
		assertThat(why.reason()).isEqualTo("latency 5.0x the tier's fastest (ttft 300 ms vs 60 ms); held at the min "
				+ "share 0.05 to keep measuring it");
		assertThat(slow.latency().firstTokenMillis()).isCloseTo(300, within(1e-6));
		Map<String, Integer> served = new ConcurrentHashMap<>();
		for (int i = 0; i < 400; i++) {
			served.merge(built.client().chat(ChatRequest.of("Hello")).block(Duration.ofSeconds(5)).provider(), 1,
					Integer::sum);
		}
		assertThat(served.getOrDefault("b", 0)).isBetween(5, 45);
		// Tier 1 does not follow latency: by weight alone, and no reason shown.
		built.provider("a").circuit().breaker().transitionToForcedOpenState();
		built.provider("b").circuit().breaker().transitionToForcedOpenState();
		assertThat(built.registry().shares()).containsEntry("c", 0.5).containsEntry("d", 0.5);
		assertThat(built.snapshot("d").latencyShare()).isNull();
	}

	@Test
	void badSettingsAreRefusedNamingWhatIsWrong() {
		assertThatIllegalArgumentException().isThrownBy(() -> LatencyAwareShares.of(Duration.ZERO, 2, 0.05))
			.withMessageContaining("half-life");
		assertThatIllegalArgumentException().isThrownBy(() -> LatencyAwareShares.of(HALF_LIFE, 0.9, 0.05))
			.withMessageContaining("max factor")
			.withMessageContaining("0.9");
		assertThatIllegalArgumentException().isThrownBy(() -> LatencyAwareShares.of(HALF_LIFE, 2, 1.5))
			.withMessageContaining("min share")
			.withMessageContaining("1.5");
	}

	/**
	 * Ten answers a second from each provider for some seconds: the fast one at 100 ms,
	 * the other at the given time to first token.
	 */
	private void observe(LatencyStats fast, LatencyStats other, long otherMillis, int seconds) {
		for (int tick = 0; tick < seconds * 10; tick++) {
			this.clock.advance(100);
			fast.recordFirstToken(100 * MS);
			other.recordFirstToken(otherMillis * MS);
		}
	}

	private double shareOfOther(LatencyStats fast, LatencyStats other) {
		return this.rule.shares(new int[] { 1, 1 }, new Latency[] { fast.averages(), other.averages() })[1];
	}

	private static Mono<Completion> withoutUsage(String name) {
		return Mono.just(new Completion("answer from " + name, "model", FinishReason.STOP, new TokenUsage(3, 0)));
	}

	private static Latency ttft(double millis) {
		return new Latency(millis, LatencyAwareShares.MIN_MEASURED, null, 0);
	}

	/**
	 * A clock that moves only when told.
	 */
	private static final class TestClock extends Clock {

		private volatile long millis = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

		void advance(long millis) {
			this.millis += millis;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public long millis() {
			return this.millis;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(this.millis);
		}

	}

}

package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.llmfailover.routing.GroupTiers.Admission;
import io.github.llmfailover.routing.ModelGroups.Member;
import io.github.llmfailover.routing.ProviderRegistry.Unavailability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What {@link GroupView} shows of a group: shares that fall back to the panic admission
 * when none is in rotation, snapshots in tier order, and why nothing serves.
 */
class GroupViewTests {

	private static final Admission IN_ROTATION = (provider, nowMillis) -> provider.availability()
		.isInRotation(nowMillis);

	private final ThreeProviders providers = ThreeProviders.create();

	private final RoutedProvider a = this.providers.a();

	private final RoutedProvider b = this.providers.b();

	private final RoutedProvider c = this.providers.c();

	private final GroupTiers tiers = new GroupTiers(
			List.of(new Member(this.c, 0, Member.OWN_WEIGHT), new Member(this.a, 1, Member.OWN_WEIGHT),
					new Member(this.b, 1, 0)),
			this.providers.routes(), TierRouting.weighted(), new TierShares(LatencyAwareShares.off()));

	private GroupView view(Admission inRotation, Admission inPanic) {
		return new GroupView("g", this.tiers, inRotation, inPanic, Clock.systemUTC());
	}

	@Test
	void sharesFollowThePanicAdmissionOnlyWhenNoneIsInRotation() {
		Admission onlyA = (provider, nowMillis) -> provider == this.a;
		long now = System.currentTimeMillis();
		assertThat(view(IN_ROTATION, onlyA).shares(now, null)).containsExactly(Map.entry("c", 1.0), Map.entry("a", 0.0),
				Map.entry("b", 0.0));
		assertThat(view((provider, nowMillis) -> false, onlyA).shares(now, null)).containsExactly(Map.entry("c", 0.0),
				Map.entry("a", 1.0), Map.entry("b", 0.0));
		assertThat(view((provider, nowMillis) -> false, (provider, nowMillis) -> false).shares(now, null))
			.containsExactly(Map.entry("c", 0.0), Map.entry("a", 0.0), Map.entry("b", 0.0));
	}

	@Test
	void snapshotsAreInTierOrderWithTheirShares() {
		GroupView view = view(IN_ROTATION, (provider, nowMillis) -> false);
		this.c.apply(ProviderChange.enabled(false));
		assertThat(view.providers()).extracting(ProviderSnapshot::name, ProviderSnapshot::share)
			.containsExactly(tuple("c", 0.0), tuple("a", 1.0), tuple("b", 0.0));
		assertThat(view.find("a")).hasValueSatisfying((a) -> assertThat(a.share()).isEqualTo(1.0));
		assertThat(view.find("x")).isEmpty();
	}

	@Test
	void unavailabilitySaysWhyEachIsOutAndWhenTheFirstComesBack() {
		GroupView view = view(IN_ROTATION, (provider, nowMillis) -> false);
		long now = System.currentTimeMillis();
		this.c.cooldown().coolDown(Duration.ofSeconds(20));
		this.a.cooldown().coolDown(Duration.ofSeconds(10));
		Unavailability unavailability = view.unavailability(now);
		// Whole seconds from now; the cooldowns start a moment later, a second under
		// load.
		assertThat(unavailability.reasons())
			.matches("c cooling down for 2[01]s, a cooling down for 1[01]s, b has weight 0 in group g");
		assertThat(unavailability.returnsAtMillis() - now).isBetween(10_000L, 11_000L);
		this.a.apply(ProviderChange.enabled(false));
		this.c.apply(ProviderChange.enabled(false));
		assertThat(view.unavailability(now).returnsAtMillis()).isEqualTo(Long.MAX_VALUE);
	}

}

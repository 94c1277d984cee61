package io.github.llmfailover.cost;

import io.github.llmfailover.chat.Cost;

/**
 * What a provider's answers cost in the current day and month, on this instance or, in
 * fleet mode, on every instance.
 *
 * @param today since midnight
 * @param thisMonth since the first of the month, midnight
 */
public record Spend(Cost today, Cost thisMonth) {

}

package io.github.llmfailover.cost;

import io.github.llmfailover.chat.Cost;

/**
 * What a provider's answers cost in the current UTC day and month, on this instance.
 *
 * @param today since midnight UTC
 * @param thisMonth since the first of the month, midnight UTC
 */
public record Spend(Cost today, Cost thisMonth) {

}

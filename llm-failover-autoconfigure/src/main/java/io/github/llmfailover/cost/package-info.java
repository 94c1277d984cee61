/**
 * What calls cost: the prices configured per provider, turned into a
 * {@link io.github.llmfailover.chat.Cost} from the tokens the provider reported.
 */
package io.github.llmfailover.cost;

/**
 * What calls cost: the prices configured per provider, turned into a
 * {@link io.github.llmfailover.chat.Cost} from the tokens the provider reported.
 */
@NullMarked
package io.github.llmfailover.cost;

import org.jspecify.annotations.NullMarked;

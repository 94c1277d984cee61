/**
 * Auto-configuration of the failover chat client, its observation, endpoint and health
 * contributor, from the {@code llm.failover} configuration.
 */
@NullMarked
package io.github.llmfailover.autoconfigure;

import org.jspecify.annotations.NullMarked;

/**
 * Anthropic Messages: request mapping (tool_use / tool_result, one user message of
 * results per turn), answers, the stream decoder and the client.
 */
@NullMarked
package io.github.llmfailover.provider.anthropic;

import org.jspecify.annotations.NullMarked;

/**
 * OpenAI Chat Completions, spoken by OpenAI and every compatible API: request mapping,
 * answers, the stream decoder and the client.
 */
@NullMarked
package io.github.llmfailover.provider.openai;

import org.jspecify.annotations.NullMarked;

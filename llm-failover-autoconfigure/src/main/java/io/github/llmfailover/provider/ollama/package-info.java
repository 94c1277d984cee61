/**
 * Ollama's native chat API: request mapping, answers (tool calls without ids), the NDJSON
 * stream decoder and the client.
 */
@NullMarked
package io.github.llmfailover.provider.ollama;

import org.jspecify.annotations.NullMarked;

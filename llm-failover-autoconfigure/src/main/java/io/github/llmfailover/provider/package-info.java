/**
 * One client per wire format (OpenAI-compatible, Anthropic, Ollama): requests, answers,
 * streams and the errors providers report.
 */
@NullMarked
package io.github.llmfailover.provider;

import org.jspecify.annotations.NullMarked;

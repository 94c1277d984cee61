/**
 * The OpenAI-compatible gateway: {@code /v1/chat/completions} and {@code /v1/models}.
 */
@NullMarked
package io.github.llmfailover.sample.gateway;

import org.jspecify.annotations.NullMarked;

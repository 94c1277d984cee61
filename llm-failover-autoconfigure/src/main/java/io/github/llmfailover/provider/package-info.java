/**
 * What every wire format shares: the client SPI, settings, the HTTP plumbing and stream
 * decoding, tool-call ids and the errors providers report; one package per format below.
 */
@NullMarked
package io.github.llmfailover.provider;

import org.jspecify.annotations.NullMarked;

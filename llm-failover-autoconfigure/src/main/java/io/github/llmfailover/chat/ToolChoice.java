package io.github.llmfailover.chat;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Whether and which tool the model must call.
 *
 * @param mode the mode
 * @param toolName the tool to call when the mode is {@link Mode#TOOL}, else {@code null}
 */
public record ToolChoice(Mode mode, @Nullable String toolName) {

	/** The model decides (the default when tools are given). */
	public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);

	/** The model must not call a tool. */
	public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);

	/** The model must call at least one tool. */
	public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

	public ToolChoice {
		Objects.requireNonNull(mode, "mode must not be null");
		if ((mode == Mode.TOOL) != (toolName != null)) {
			throw new IllegalArgumentException("A tool name goes with, and only with, mode TOOL");
		}
	}

	/**
	 * The model must call the named tool.
	 * @param name the tool's name
	 * @return the choice
	 */
	public static ToolChoice tool(String name) {
		return new ToolChoice(Mode.TOOL, Objects.requireNonNull(name, "name must not be null"));
	}

	/**
	 * Whether this choice forces a tool call.
	 * @return {@code true} for {@link Mode#REQUIRED} and {@link Mode#TOOL}
	 */
	public boolean isForced() {
		return this.mode == Mode.REQUIRED || this.mode == Mode.TOOL;
	}

	/**
	 * The modes of a {@link ToolChoice}.
	 */
	public enum Mode {

		/** The model decides. */
		AUTO,

		/** No tool call. */
		NONE,

		/** At least one tool call. */
		REQUIRED,

		/** A call of one named tool. */
		TOOL

	}

}

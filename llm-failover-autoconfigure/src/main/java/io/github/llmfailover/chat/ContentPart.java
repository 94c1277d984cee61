package io.github.llmfailover.chat;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A part of a user message that holds more than text: text and images, in order.
 */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image {

	/**
	 * A text part.
	 * @param text the text
	 * @return the part
	 */
	static ContentPart text(String text) {
		return new Text(text);
	}

	/**
	 * An image at a URL. A {@code data:} URL ({@code data:image/png;base64,...}) becomes
	 * an image with its data, which every provider with images accepts; a remote URL
	 * needs providers that fetch images themselves.
	 * @param url the image's URL
	 * @return the part
	 */
	static ContentPart imageUrl(String url) {
		Objects.requireNonNull(url, "url must not be null");
		if (url.regionMatches(true, 0, "data:", 0, 5)) {
			int comma = url.indexOf(',');
			int base64 = url.indexOf(";base64");
			if (comma < 0 || base64 < 0 || base64 > comma) {
				throw new IllegalArgumentException("An image data URL must look like data:<media type>;base64,<data>");
			}
			return imageData(url.substring(5, base64), url.substring(comma + 1));
		}
		if (!url.regionMatches(true, 0, "https://", 0, 8) && !url.regionMatches(true, 0, "http://", 0, 7)) {
			throw new IllegalArgumentException("An image URL must be an http(s) or a data: URL");
		}
		return new Image(url, null, null);
	}

	/**
	 * An image given by its bytes.
	 * @param mediaType its media type, such as {@code image/png}
	 * @param base64Data its bytes in base64
	 * @return the part
	 */
	static ContentPart imageData(String mediaType, String base64Data) {
		return new Image(null, mediaType, base64Data);
	}

	/**
	 * Text.
	 *
	 * @param text the text
	 */
	record Text(String text) implements ContentPart {

		public Text {
			Objects.requireNonNull(text, "text must not be null");
		}

	}

	/**
	 * An image: either a remote URL, or base64 data with its media type.
	 *
	 * @param url the remote URL, or {@code null} for data
	 * @param mediaType the media type of the data, or {@code null} for a URL
	 * @param data the base64 data, or {@code null} for a URL
	 */
	record Image(@Nullable String url, @Nullable String mediaType, @Nullable String data) implements ContentPart {

		public Image {
			if ((url == null) == (data == null) || (data == null) != (mediaType == null)) {
				throw new IllegalArgumentException("An image is either a URL or base64 data with its media type");
			}
			if (mediaType != null && !mediaType.regionMatches(true, 0, "image/", 0, 6)) {
				throw new IllegalArgumentException("An image's media type must be image/..., was " + mediaType);
			}
		}

		/**
		 * The image as a URL: the remote URL, or a {@code data:} URL of the data.
		 * @return the URL
		 */
		public String asUrl() {
			return (this.url != null) ? this.url : "data:" + this.mediaType + ";base64," + this.data;
		}

	}

}

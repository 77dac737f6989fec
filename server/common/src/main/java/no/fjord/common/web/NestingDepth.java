package no.fjord.common.web;

/**
 * Measures how deeply a JSON or XML document nests, in one pass over its bytes and without building
 * anything, so absurdly deep input can be refused before a parser spends stack and heap on it.
 * JSON depth counts objects and arrays; XML depth counts elements.
 */
public final class NestingDepth {

	private NestingDepth() {}

	/**
	 * @return the deepest nesting in the body, or 0 when the body is neither JSON nor XML
	 */
	public static int of(byte[] body, int length) {
		int start = contentStart(body, length);
		if (start >= length) {
			return 0;
		}
		return switch (body[start]) {
			case '{', '[' -> ofJson(body, start, length);
			case '<' -> ofXml(body, start, length);
			default -> 0;
		};
	}

	/** Index of the first byte after leading whitespace and a UTF-8 byte order mark. */
	static int contentStart(byte[] body, int length) {
		int start = 0;
		while (start < length && Character.isWhitespace(body[start])) {
			start++;
		}
		if (start + 2 < length && (body[start] & 0xFF) == 0xEF && (body[start + 1] & 0xFF) == 0xBB
				&& (body[start + 2] & 0xFF) == 0xBF) {
			start += 3;
		}
		return start;
	}

	static int ofJson(byte[] body, int start, int length) {
		int depth = 0;
		int deepest = 0;
		boolean inString = false;
		for (int i = start; i < length; i++) {
			byte b = body[i];
			if (inString) {
				if (b == '\\') {
					i++;
				} else if (b == '"') {
					inString = false;
				}
			} else if (b == '"') {
				inString = true;
			} else if (b == '{' || b == '[') {
				deepest = Math.max(deepest, ++depth);
			} else if (b == '}' || b == ']') {
				depth--;
			}
		}
		return deepest;
	}

	static int ofXml(byte[] body, int start, int length) {
		int depth = 0;
		int deepest = 0;
		int i = start;
		while (i < length) {
			if (body[i] != '<') {
				i++;
				continue;
			}
			if (startsWith(body, i, length, "<!--")) {
				i = skipPast(body, i + 4, length, "-->");
			} else if (startsWith(body, i, length, "<![CDATA[")) {
				i = skipPast(body, i + 9, length, "]]>");
			} else if (startsWith(body, i, length, "<?") || startsWith(body, i, length, "<!")) {
				i = skipPast(body, i + 2, length, ">");
			} else if (startsWith(body, i, length, "</")) {
				depth--;
				i = skipPast(body, i + 2, length, ">");
			} else {
				int end = endOfTag(body, i + 1, length);
				boolean selfClosing = end > 0 && body[end - 1] == '/';
				if (!selfClosing) {
					deepest = Math.max(deepest, ++depth);
				}
				i = end + 1;
			}
		}
		return deepest;
	}

	/** Index of the tag's closing '>', skipping quoted attribute values that may contain '>'. */
	private static int endOfTag(byte[] body, int from, int length) {
		byte quote = 0;
		for (int i = from; i < length; i++) {
			byte b = body[i];
			if (quote != 0) {
				if (b == quote) {
					quote = 0;
				}
			} else if (b == '"' || b == '\'') {
				quote = b;
			} else if (b == '>') {
				return i;
			}
		}
		return length;
	}

	private static boolean startsWith(byte[] body, int at, int length, String prefix) {
		if (at + prefix.length() > length) {
			return false;
		}
		for (int k = 0; k < prefix.length(); k++) {
			if (body[at + k] != prefix.charAt(k)) {
				return false;
			}
		}
		return true;
	}

	private static int skipPast(byte[] body, int from, int length, String terminator) {
		for (int i = from; i < length; i++) {
			if (startsWith(body, i, length, terminator)) {
				return i + terminator.length();
			}
		}
		return length;
	}
}

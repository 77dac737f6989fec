package no.fjord.common.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * What a request body must be before a parser sees it, because the parsers let it pass silently:
 * nested no deeper than the limit; valid UTF-8 (<a href="https://hl7.org/fhir/R4/http.html#mime-type">FHIR
 * bodies are UTF-8</a>; the parsers would store U+FFFD); no U+0000 (PostgreSQL text cannot hold it); in
 * JSON, no key twice in one object (the parser would keep the last value; RFC 8259 §4 leaves duplicates
 * to the receiver, and FHIR's JSON format has each element once).
 */
final class RequestBodyChecks {

	private static final JsonFactory JSON = JsonFactory.builder().build();
	private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*\"?([^\";\\s]+)", Pattern.CASE_INSENSITIVE);
	private static final Pattern XML_ENCODING = Pattern.compile("^\\s*<\\?xml[^>]*encoding\\s*=\\s*[\"']([^\"']+)");

	private RequestBodyChecks() {}

	static void check(byte[] body, String contentType, int maxNestingDepth) throws RequestBodyRefusal {
		int depth = NestingDepth.of(body, body.length);
		if (depth > maxNestingDepth) {
			throw badRequest(IssueType.TOOLONG, "The request body nests " + depth + " levels deep; at most "
					+ maxNestingDepth + " are accepted");
		}
		for (int i = 0; i < body.length; i++) {
			if (body[i] == 0) {
				throw containsNul();
			}
		}
		if (isUtf8(body, contentType)) {
			int invalidAt = firstInvalidUtf8(body);
			if (invalidAt >= 0) {
				throw badRequest(IssueType.INVALID, "The request body is not valid UTF-8 (at byte " + invalidAt
						+ "); FHIR bodies must be UTF-8");
			}
		}
		int start = NestingDepth.contentStart(body, body.length);
		if (start < body.length && (body[start] == '{' || body[start] == '[')) {
			checkJson(body);
		}
	}

	/** UTF-8 unless the Content-Type or the XML declaration names another charset. */
	private static boolean isUtf8(byte[] body, String contentType) {
		Matcher charset = CHARSET.matcher(contentType == null ? "" : contentType);
		if (charset.find()) {
			return isUtf8Name(charset.group(1));
		}
		String prolog = new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1);
		Matcher declared = XML_ENCODING.matcher(prolog);
		return !declared.find() || isUtf8Name(declared.group(1));
	}

	private static boolean isUtf8Name(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return lower.equals("utf-8") || lower.equals("utf8");
	}

	/** @return the offset of the first byte that is not valid UTF-8, or -1 */
	static int firstInvalidUtf8(byte[] body) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(body);
		CharBuffer out = CharBuffer.allocate(8 * 1024);
		while (true) {
			CoderResult result = decoder.decode(in, out, true);
			if (result.isError()) {
				return in.position();
			}
			if (result.isUnderflow()) {
				return -1;
			}
			out.clear();
		}
	}

	/** Duplicate keys and escaped U+0000; malformed JSON is left for the FHIR parser to explain. */
	private static void checkJson(byte[] body) throws RequestBodyRefusal {
		Deque<Set<String>> objects = new ArrayDeque<>();
		try (JsonParser parser = JSON.createParser(body)) {
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				switch (token) {
					case START_OBJECT -> objects.push(new HashSet<>());
					case END_OBJECT -> objects.pop();
					case FIELD_NAME -> {
						String name = parser.currentName();
						if (name.indexOf('\0') >= 0) {
							throw containsNul();
						}
						if (!objects.peek().add(name)) {
							throw badRequest(IssueType.STRUCTURE, "The JSON key \"" + name
									+ "\" appears twice in the same object (at " + parser.getParsingContext().pathAsPointer()
									+ "); each key may appear once");
						}
					}
					case VALUE_STRING -> {
						if (parser.getText().indexOf('\0') >= 0) {
							throw containsNul();
						}
					}
					default -> {
						// numbers, booleans, null and arrays need no check
					}
				}
			}
		} catch (JsonProcessingException malformed) {
			// the FHIR parser reports malformed JSON in its own words
		} catch (IOException impossible) {
			throw new IllegalStateException(impossible); // parsing from memory
		}
	}

	private static RequestBodyRefusal containsNul() {
		return badRequest(IssueType.INVALID,
				"The request body contains the character U+0000, which FHIR strings cannot hold");
	}

	private static RequestBodyRefusal badRequest(IssueType type, String message) {
		return new RequestBodyRefusal(HttpServletResponse.SC_BAD_REQUEST, type, message);
	}
}

package no.fjord.common.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a URL query and an {@code application/x-www-form-urlencoded} body, decoded as UTF-8
 * (as FHIR requires), query first, as the servlet container would have given them.
 */
final class FormParameters {

	private FormParameters() {}

	static Map<String, String[]> parse(String query, byte[] body) {
		Map<String, List<String>> collected = new LinkedHashMap<>();
		add(collected, query);
		add(collected, new String(body, StandardCharsets.UTF_8));
		Map<String, String[]> parameters = new LinkedHashMap<>();
		collected.forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
		return Collections.unmodifiableMap(parameters);
	}

	private static void add(Map<String, List<String>> collected, String encoded) {
		if (encoded == null || encoded.isEmpty()) {
			return;
		}
		for (String pair : encoded.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode(equals < 0 ? pair : pair.substring(0, equals));
			String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
			collected.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
		}
	}

	/** Malformed escapes are kept as sent, for the search to refuse with its own message. */
	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		} catch (IllegalArgumentException malformed) {
			return value;
		}
	}
}

package no.fjord.common.web;

import java.util.Map;

/**
 * How many different parameters, and how many values in all, one request may carry. Each becomes part
 * of one SQL statement: 10,000 of them exhausted the database's stack after twenty seconds. Values
 * count one per comma-separated alternative ({@code code=a,b,c} is three; {@code \,} is a comma inside
 * a value).
 */
public record SearchParameterLimits(int maxParameters, int maxValues) {

	public SearchParameterLimits {
		if (maxParameters < 1 || maxValues < maxParameters) {
			throw new IllegalArgumentException("need at least one parameter and at least as many values as parameters, was "
					+ maxParameters + " and " + maxValues);
		}
	}

	/** @return why the parameters exceed the limits, or null when they do not */
	public String problemIn(Map<String, String[]> parameters) {
		if (parameters.size() > maxParameters) {
			return "The request has " + parameters.size() + " different parameters; at most " + maxParameters
					+ " are accepted";
		}
		long values = 0;
		for (String[] repetitions : parameters.values()) {
			for (String value : repetitions) {
				values += alternatives(value);
			}
		}
		if (values > maxValues) {
			return "The request has " + values + " parameter values; at most " + maxValues + " are accepted";
		}
		return null;
	}

	private static int alternatives(String value) {
		if (value == null) {
			return 1;
		}
		int count = 1;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\') {
				i++;
			} else if (c == ',') {
				count++;
			}
		}
		return count;
	}
}

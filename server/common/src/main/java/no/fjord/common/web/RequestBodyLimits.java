package no.fjord.common.web;

import org.springframework.util.unit.DataSize;

/**
 * Limits on a request body: its size in bytes and how deeply its JSON or XML may nest.
 */
public record RequestBodyLimits(DataSize maxSize, int maxNestingDepth) {

	public RequestBodyLimits {
		if (maxSize == null || maxSize.toBytes() <= 0 || maxSize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("max body size must be between 1 byte and 2 GB, was " + maxSize);
		}
		if (maxNestingDepth < 2) {
			throw new IllegalArgumentException("max nesting depth must be at least 2, was " + maxNestingDepth);
		}
	}
}

package no.fjord.common.web;

import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * Limits on a request body: its size in bytes (also after gzip is expanded), how deeply its JSON or
 * XML may nest, and how long the client may take to send it.
 */
public record RequestBodyLimits(DataSize maxSize, int maxNestingDepth, Duration uploadTimeout) {

	public RequestBodyLimits {
		if (maxSize == null || maxSize.toBytes() <= 0 || maxSize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("max body size must be between 1 byte and 2 GB, was " + maxSize);
		}
		if (maxNestingDepth < 2) {
			throw new IllegalArgumentException("max nesting depth must be at least 2, was " + maxNestingDepth);
		}
		if (uploadTimeout == null || uploadTimeout.isNegative() || uploadTimeout.isZero()) {
			throw new IllegalArgumentException("the upload timeout must be positive, was " + uploadTimeout);
		}
	}

	int maxBytes() {
		return (int) maxSize.toBytes();
	}
}

package no.fjord.consent.blocking;

import java.time.Instant;

/** A span of time, open at either end when that end is {@code null}; both ends inclusive. */
public record DateRange(Instant start, Instant end) {

	public static final DateRange ALWAYS = new DateRange(null, null);

	public boolean contains(Instant instant) {
		return (start == null || !instant.isBefore(start)) && (end == null || !instant.isAfter(end));
	}

	public boolean overlaps(DateRange other) {
		return (start == null || other.end == null || !other.end.isBefore(start))
				&& (end == null || other.start == null || !other.start.isAfter(end));
	}
}

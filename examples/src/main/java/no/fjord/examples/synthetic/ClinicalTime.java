package no.fjord.examples.synthetic;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.hl7.fhir.r4.model.DateTimeType;

/**
 * Turns Norwegian wall-clock times into FHIR {@code dateTime} values with the Oslo offset
 * (+01:00 or +02:00). The value is handed to HAPI as text, so the JVM's default time zone and
 * locale never reach the output.
 */
final class ClinicalTime {

	private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
	private static final DateTimeFormatter FHIR_DATE_TIME =
			DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

	private ClinicalTime() {
	}

	static DateTimeType at(LocalDateTime osloWallClock) {
		return new DateTimeType(FHIR_DATE_TIME.format(osloWallClock.atZone(OSLO)));
	}
}

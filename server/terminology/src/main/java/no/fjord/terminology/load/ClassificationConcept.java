package no.fjord.terminology.load;

import java.time.LocalDate;

/**
 * One code of a classification file.
 *
 * @param parent the code this one is a subdivision of, or null for a top-level code
 * @param english the English text, or null
 * @param validFrom the first day the code may be used, or null
 * @param validTo the last day the code may be used, or null while it is valid
 * @param line the line of the file it came from, for error messages
 */
public record ClassificationConcept(String code, String display, String parent, String english,
		LocalDate validFrom, LocalDate validTo, long line) {}

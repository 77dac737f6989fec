package no.fjord.terminology.load;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Reads a classification in the layout the Norwegian health authorities publish code lists in (FinnKode's
 * CSV export of ICD-10, ICPC-2, NCMP/NCSP/NCRP and others). Columns, by header name:
 * <ul>
 *   <li>{@code Kode} (required): the code as published, without a dot ({@code J450});
 *   <li>{@code Tekst uten lengdebegrensning} or {@code Tekst} (required): the Norwegian text;
 *   <li>{@code Foreldrekode} (optional): the code this one subdivides. Without this column a code's parent
 *       is the longest other code in the file that it starts with ({@code J450} under {@code J45});
 *   <li>{@code Gyldig fra}, {@code Gyldig til} (optional): dates as {@code yyyy-MM-dd} or {@code dd.MM.yyyy};
 *   <li>{@code Engelsk tekst} (optional): the English text.
 * </ul>
 * The whole file is checked before anything is stored; the first problem is reported with its line.
 */
public final class FinnKodeFile {

	static final List<String> CODE = List.of("kode", "code");
	static final List<String> TEXT = List.of("tekst uten lengdebegrensning", "tekst", "display");
	static final List<String> PARENT = List.of("foreldrekode", "overordnet kode", "parent");
	static final List<String> VALID_FROM = List.of("gyldig fra", "valid from");
	static final List<String> VALID_TO = List.of("gyldig til", "valid to");
	static final List<String> ENGLISH = List.of("engelsk tekst", "english");

	private static final DateTimeFormatter NORWEGIAN_DATE = DateTimeFormatter.ofPattern("dd.MM.uuuu")
			.withResolverStyle(ResolverStyle.STRICT);
	private static final int MAX_CODE_LENGTH = 500;

	private FinnKodeFile() {}

	/**
	 * @param progress told the number of rows read so far, every 1,000 rows
	 * @return the concepts in file order
	 */
	public static List<ClassificationConcept> read(InputStream file, LongConsumer progress) {
		Map<String, ClassificationConcept> concepts = new LinkedHashMap<>();
		List<String> header = CsvTable.read(file, List.of(CODE, TEXT), row -> {
			ClassificationConcept concept = concept(row);
			ClassificationConcept earlier = concepts.putIfAbsent(concept.code(), concept);
			if (earlier != null) {
				throw new TerminologyFileException(row.line(),
						"code " + concept.code() + " already given on line " + earlier.line());
			}
			if (concepts.size() % 1000 == 0) {
				progress.accept(concepts.size());
			}
		});
		if (concepts.isEmpty()) {
			throw new TerminologyFileException(0, "the file has a header but no codes");
		}
		boolean explicitParents = PARENT.stream().anyMatch(header::contains);
		List<ClassificationConcept> result = explicitParents
				? checkParents(concepts)
				: deriveParents(concepts);
		progress.accept(result.size());
		return result;
	}

	private static ClassificationConcept concept(CsvTable.Row row) {
		String code = row.value(CODE).orElseThrow(() -> new TerminologyFileException(row.line(), "no code"));
		if (code.length() > MAX_CODE_LENGTH || code.chars().anyMatch(Character::isWhitespace)) {
			throw new TerminologyFileException(row.line(), "code '" + code + "' contains white space or is too long");
		}
		String display = row.value(TEXT)
				.orElseThrow(() -> new TerminologyFileException(row.line(), "code " + code + " has no text"));
		if (hasControlCharacter(code) || hasControlCharacter(display)) {
			throw new TerminologyFileException(row.line(), "code " + code + " contains a control character");
		}
		LocalDate validFrom = date(row, VALID_FROM);
		LocalDate validTo = date(row, VALID_TO);
		if (validFrom != null && validTo != null && validTo.isBefore(validFrom)) {
			throw new TerminologyFileException(row.line(), "code " + code + " is valid to " + validTo
					+ ", before it is valid from " + validFrom);
		}
		return new ClassificationConcept(code, display, row.value(PARENT).orElse(null),
				row.value(ENGLISH).orElse(null), validFrom, validTo, row.line());
	}

	private static boolean hasControlCharacter(String text) {
		return text.chars().anyMatch(Character::isISOControl);
	}

	private static LocalDate date(CsvTable.Row row, List<String> column) {
		Optional<String> value = row.value(column);
		if (value.isEmpty()) {
			return null;
		}
		String text = value.get();
		try {
			return text.contains(".") ? LocalDate.parse(text, NORWEGIAN_DATE) : LocalDate.parse(text);
		} catch (DateTimeParseException e) {
			throw new TerminologyFileException(row.line(), "'" + text + "' in column " + column.get(0)
					+ " is not a date (yyyy-MM-dd or dd.MM.yyyy)");
		}
	}

	private static List<ClassificationConcept> checkParents(Map<String, ClassificationConcept> concepts) {
		for (ClassificationConcept concept : concepts.values()) {
			if (concept.parent() != null && !concepts.containsKey(concept.parent())) {
				throw new TerminologyFileException(concept.line(),
						"parent code " + concept.parent() + " of " + concept.code() + " is not in the file");
			}
		}
		for (ClassificationConcept concept : concepts.values()) {
			checkNoCycle(concept, concepts);
		}
		return new ArrayList<>(concepts.values());
	}

	private static void checkNoCycle(ClassificationConcept concept, Map<String, ClassificationConcept> concepts) {
		Set<String> seen = new HashSet<>();
		for (ClassificationConcept next = concept; next.parent() != null; next = concepts.get(next.parent())) {
			if (!seen.add(next.code())) {
				throw new TerminologyFileException(concept.line(),
						"code " + concept.code() + " is its own ancestor (a cycle through " + next.code() + ")");
			}
		}
	}

	private static List<ClassificationConcept> deriveParents(Map<String, ClassificationConcept> concepts) {
		List<ClassificationConcept> result = new ArrayList<>(concepts.size());
		for (ClassificationConcept concept : concepts.values()) {
			result.add(new ClassificationConcept(concept.code(), concept.display(), derivedParent(concept.code(), concepts),
					concept.english(), concept.validFrom(), concept.validTo(), concept.line()));
		}
		return result;
	}

	private static String derivedParent(String code, Map<String, ClassificationConcept> concepts) {
		for (int length = code.length() - 1; length > 0; length--) {
			String prefix = code.substring(0, length);
			if (concepts.containsKey(prefix)) {
				return prefix;
			}
		}
		return null;
	}
}

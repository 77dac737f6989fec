package no.fjord.terminology.load;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;

/**
 * Reads a code-to-code mapping such as the ICPC-2 to ICD-10 map, one pair per row. Columns, by header name:
 * the source code ({@code ICPC-2}, {@code Fra} or {@code Source}), the target code ({@code ICD-10},
 * {@code Til} or {@code Target}) and, optionally, the relation ({@code Relasjon} or {@code Equivalence}: a
 * FHIR R4 ConceptMap equivalence such as {@code equivalent}, {@code wider}, {@code narrower}; default
 * {@code relatedto}). The whole file is checked before anything is stored.
 */
public final class MappingFile {

	static final List<String> SOURCE = List.of("icpc-2", "icpc2", "fra", "source");
	static final List<String> TARGET = List.of("icd-10", "icd10", "til", "target");
	static final List<String> RELATION = List.of("relasjon", "equivalence");

	private MappingFile() {}

	public static List<Mapping> read(InputStream file) {
		List<Mapping> mappings = new ArrayList<>();
		Map<String, Long> seen = new HashMap<>();
		CsvTable.read(file, List.of(SOURCE, TARGET), row -> {
			String source = row.value(SOURCE)
					.orElseThrow(() -> new TerminologyFileException(row.line(), "no source code"));
			String target = row.value(TARGET)
					.orElseThrow(() -> new TerminologyFileException(row.line(), "no target code for " + source));
			if (!isCode(source) || !isCode(target)) {
				throw new TerminologyFileException(row.line(), "codes may not contain white space or control characters");
			}
			Long earlier = seen.putIfAbsent(source + " -> " + target, row.line());
			if (earlier != null) {
				throw new TerminologyFileException(row.line(),
						source + " -> " + target + " already given on line " + earlier);
			}
			ConceptMapEquivalence equivalence = row.value(RELATION)
					.map(code -> equivalence(code, row.line()))
					.orElse(ConceptMapEquivalence.RELATEDTO);
			mappings.add(new Mapping(source, target, equivalence, row.line()));
		});
		if (mappings.isEmpty()) {
			throw new TerminologyFileException(0, "the file has a header but no mappings");
		}
		return mappings;
	}

	private static boolean isCode(String code) {
		return code.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
	}

	private static ConceptMapEquivalence equivalence(String code, long line) {
		try {
			ConceptMapEquivalence equivalence = ConceptMapEquivalence.fromCode(code.toLowerCase(Locale.ROOT));
			if (equivalence == ConceptMapEquivalence.NULL) {
				throw new FHIRException(code);
			}
			return equivalence;
		} catch (FHIRException e) {
			throw new TerminologyFileException(line, "'" + code + "' is not a ConceptMap equivalence "
					+ "(equivalent, equal, wider, subsumes, narrower, specializes, inexact, relatedto, unmatched, disjoint)");
		}
	}
}

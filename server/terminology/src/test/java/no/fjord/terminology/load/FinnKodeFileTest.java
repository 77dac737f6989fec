package no.fjord.terminology.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinnKodeFileTest {

	private static final String HEADER =
			"Kode;Tekst uten lengdebegrensning;Tekst med maksimalt 60 tegn;Gyldig fra;Gyldig til;Foreldrekode;Engelsk tekst\n";

	@Test
	void readsCodesTextsDatesParentsAndEnglish() {
		List<ClassificationConcept> concepts = read(HEADER
				+ "J45;Astma;Astma;2000-01-01;;;Asthma\n"
				+ "J450;Overveiende allergisk astma;Allergisk astma;01.01.2000;31.12.2019;J45;Predominantly allergic asthma\n");

		assertThat(concepts).containsExactly(
				new ClassificationConcept("J45", "Astma", null, "Asthma", LocalDate.of(2000, 1, 1), null, 2),
				new ClassificationConcept("J450", "Overveiende allergisk astma", "J45", "Predominantly allergic asthma",
						LocalDate.of(2000, 1, 1), LocalDate.of(2019, 12, 31), 3));
	}

	@Test
	void derivesParentsFromCodePrefixesWithoutParentColumn() {
		List<ClassificationConcept> concepts = read("Kode\tTekst\nJ45\tAstma\nJ450\tAllergisk astma\nJ4501\tUnderkode\nK35\tAkutt appendisitt\n");

		assertThat(concepts).extracting(ClassificationConcept::parent).containsExactly(null, "J45", "J450", null);
	}

	@Test
	void acceptsByteOrderMarkQuotesAndCommas() {
		List<ClassificationConcept> concepts = read("\uFEFFKode,Tekst\nA01,\"Smerte, generell/flere steder\"\n");

		assertThat(concepts).singleElement().extracting(ClassificationConcept::display)
				.isEqualTo("Smerte, generell/flere steder");
	}

	@Test
	void reportsProgress() {
		StringBuilder rows = new StringBuilder("Kode;Tekst\n");
		for (int i = 0; i < 2500; i++) {
			rows.append("X").append(i).append(";Tekst ").append(i).append('\n');
		}
		List<Long> progress = new ArrayList<>();

		FinnKodeFile.read(stream(rows.toString()), progress::add);

		assertThat(progress).containsExactly(1000L, 2000L, 2500L);
	}

	@Test
	void refusesMissingColumnsOnTheHeaderLine() {
		assertRefused("Code2;Tekst\nA01;Smerte\n", 1, "missing column kode or code");
	}

	@Test
	void refusesDuplicateCodesNamingBothLines() {
		assertRefused(HEADER + "J45;Astma;;;;;\nI10;Hypertensjon;;;;;\nJ45;Astma igjen;;;;;\n", 4,
				"code J45 already given on line 2");
	}

	@Test
	void refusesRowsWithoutText() {
		assertRefused(HEADER + "J45;Astma;;;;;\nJ450;;;;;J45;\n", 3, "code J450 has no text");
	}

	@Test
	void refusesUnknownParents() {
		assertRefused(HEADER + "J45;Astma;;;;;\nJ450;Allergisk astma;;;;J44;\n", 3, "parent code J44 of J450 is not in the file");
	}

	@Test
	void refusesParentCycles() {
		assertRefused(HEADER + "A;Første;;;;B;\nB;Andre;;;;A;\n", 2, "is its own ancestor");
	}

	@Test
	void refusesBadDatesAndPeriods() {
		assertRefused(HEADER + "J45;Astma;;2000-13-01;;;\n", 2, "'2000-13-01' in column gyldig fra is not a date");
		assertRefused(HEADER + "J45;Astma;;2020-01-01;2019-01-01;;\n", 2, "valid to 2019-01-01, before it is valid from");
	}

	@Test
	void acceptsEmptyTrailingHeaderColumnsAsExcelWritesThem() {
		assertThat(read("Kode;Tekst;;\nJ45;Astma;;\n")).singleElement().extracting(ClassificationConcept::code)
				.isEqualTo("J45");
	}

	@Test
	void refusesRepeatedColumnNames() {
		assertRefused("Kode;Tekst;kode\nJ45;Astma;J46\n", 1, "repeated");
	}

	@Test
	void refusesImpossibleDates() {
		assertRefused(HEADER + "J45;Astma;;31.02.2020;;;\n", 2, "'31.02.2020' in column gyldig fra is not a date");
	}

	@Test
	void refusesAParentWhoseOwnParentIsMissing() {
		assertRefused(HEADER + "A;Alfa;;;;B;\nB;Beta;;;;Z;\n", 3, "parent code Z of B is not in the file");
	}

	@Test
	void refusesControlCharacters() {
		assertRefused(HEADER + "J45;Ast\u0000ma;;;;;\n", 2, "control character");
	}

	@Test
	void refusesCodesWithWhiteSpace() {
		assertRefused(HEADER + "J 45;Astma;;;;;\n", 2, "contains white space");
	}

	@Test
	void refusesRowsWithMoreFieldsThanTheHeader() {
		assertRefused("Kode;Tekst\nJ45;Astma;ekstra\n", 2, "3 fields, but the header names 2 columns");
	}

	@Test
	void refusesUnclosedQuotes() {
		assertRefused("Kode;Tekst\nJ45;Astma\nJ46;\"Status astmaticus\nJ47;Bronkiektasi\n", 3, "malformed line");
	}

	@Test
	void refusesFilesThatAreNotUtf8() {
		byte[] latin1 = "Kode;Tekst\nA01;Smerte generell/flere steder, lår\n".getBytes(StandardCharsets.ISO_8859_1);

		assertThatThrownBy(() -> FinnKodeFile.read(new ByteArrayInputStream(latin1), count -> {}))
				.isInstanceOf(TerminologyFileException.class)
				.hasMessageContaining("not UTF-8");
	}

	@Test
	void refusesEmptyFiles() {
		assertRefused("", 0, "the file is empty");
		assertRefused("Kode;Tekst\n", 0, "no codes");
	}

	private static void assertRefused(String file, long line, String problem) {
		assertThatThrownBy(() -> read(file))
				.isInstanceOfSatisfying(TerminologyFileException.class, e -> assertThat(e.line()).isEqualTo(line))
				.hasMessageContaining(problem);
	}

	private static List<ClassificationConcept> read(String file) {
		return FinnKodeFile.read(stream(file), count -> {});
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}
}

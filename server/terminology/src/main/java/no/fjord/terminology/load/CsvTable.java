package no.fjord.terminology.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A delimited text file with a header row, as the Norwegian health authorities publish code lists
 * (FinnKode exports): UTF-8 (a byte order mark is allowed), separated by semicolons, tabs or commas
 * (whichever the header line uses), fields optionally in double quotes. Columns are found by header
 * name, ignoring case and surrounding spaces; other columns are ignored.
 */
final class CsvTable {

	/** One data row: its line in the file and its values by lower-cased column name. */
	record Row(long line, Map<String, String> values) {

		/** The first non-blank value among the given column names. */
		Optional<String> value(List<String> columns) {
			for (String column : columns) {
				String value = values.get(column);
				if (value != null && !value.isBlank()) {
					return Optional.of(value.strip());
				}
			}
			return Optional.empty();
		}
	}

	private static final String BYTE_ORDER_MARK = "\uFEFF";

	private CsvTable() {}

	/**
	 * Reads every row, checking first that the header has one of the names of each required column.
	 *
	 * @return the header's column names, lower-cased
	 */
	static List<String> read(InputStream file, List<List<String>> requiredColumns, Consumer<Row> rows) {
		String text = decode(file);
		String headerLine = text.lines().findFirst().orElse("");
		if (headerLine.isBlank()) {
			throw new TerminologyFileException(0, "the file is empty; expected a header row");
		}
		CSVFormat format = CSVFormat.DEFAULT.builder()
				.setDelimiter(delimiter(headerLine))
				.setHeader()
				.setSkipHeaderRecord(true)
				.setIgnoreEmptyLines(true)
				.setTrim(true)
				.setAllowMissingColumnNames(true)
				.get();
		try (CSVParser parser = parse(text, format)) {
			List<String> header = parser.getHeaderNames().stream().map(CsvTable::columnKey).toList();
			if (header.stream().filter(name -> !name.isEmpty()).distinct().count()
					!= header.stream().filter(name -> !name.isEmpty()).count()) {
				throw new TerminologyFileException(1, "a column name is repeated: " + String.join(", ", header));
			}
			for (List<String> alternatives : requiredColumns) {
				if (alternatives.stream().noneMatch(header::contains)) {
					throw new TerminologyFileException(1, "missing column " + String.join(" or ", alternatives)
							+ " (found: " + String.join(", ", header) + ")");
				}
			}
			Iterator<CSVRecord> records = parser.iterator();
			LineCounter lines = new LineCounter(text);
			long line = 1;
			while (hasNext(records, line)) {
				CSVRecord record = records.next();
				line = lines.lineAt(record.getCharacterPosition());
				if (record.size() > header.size()) {
					throw new TerminologyFileException(line, record.size() + " fields, but the header names "
							+ header.size() + " columns");
				}
				Map<String, String> values = new TreeMap<>();
				for (int i = 0; i < record.size(); i++) {
					values.put(header.get(i), record.get(i));
				}
				rows.accept(new Row(line, values));
			}
			return header;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Commons CSV refuses a header it cannot use (a column name given twice) with an unchecked exception. */
	private static CSVParser parse(String text, CSVFormat format) throws IOException {
		try {
			return CSVParser.parse(text, format);
		} catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
			throw new TerminologyFileException(1, "the header row cannot be read (a column name given twice?)");
		}
	}

	/**
	 * Commons CSV reports malformed input (an unclosed quote) as an unchecked exception once it reaches
	 * the end of the file; the record that failed starts on the line after the last good one.
	 */
	private static boolean hasNext(Iterator<CSVRecord> records, long lastGoodLine) {
		try {
			return records.hasNext();
		} catch (UncheckedIOException | IllegalStateException e) {
			throw new TerminologyFileException(lastGoodLine + 1,
					"malformed line (an unclosed or misplaced double quote?)");
		}
	}

	/** Line numbers for increasing character positions, counted once through the text. */
	private static final class LineCounter {

		private final String text;
		private int position;
		private long line = 1;

		LineCounter(String text) {
			this.text = text;
		}

		long lineAt(long characterPosition) {
			for (; position < characterPosition && position < text.length(); position++) {
				if (text.charAt(position) == '\n') {
					line++;
				}
			}
			return line;
		}
	}

	private static String decode(InputStream file) {
		try (file) {
			String text = StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(file.readAllBytes()))
					.toString();
			return text.startsWith(BYTE_ORDER_MARK) ? text.substring(1) : text;
		} catch (CharacterCodingException e) {
			throw new TerminologyFileException(0,
					"the file is not UTF-8 text; convert Windows-1252 (ANSI) exports to UTF-8 first");
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static char delimiter(String headerLine) {
		if (headerLine.indexOf(';') >= 0) {
			return ';';
		}
		return headerLine.indexOf('\t') >= 0 ? '\t' : ',';
	}

	static String columnKey(String name) {
		return name.strip().toLowerCase(Locale.ROOT);
	}

}

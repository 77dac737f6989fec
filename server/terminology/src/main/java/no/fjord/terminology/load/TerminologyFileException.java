package no.fjord.terminology.load;

/**
 * A terminology file that cannot be loaded, with the line it failed on (1 is the header line; 0 when
 * the problem is the file as a whole). Nothing has been stored when this is thrown.
 */
public class TerminologyFileException extends RuntimeException {

	private final long line;

	public TerminologyFileException(long line, String problem) {
		super(line > 0 ? "line " + line + ": " + problem : problem);
		this.line = line;
	}

	public long line() {
		return line;
	}
}

package no.fjord.terminology.operation;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves {@code file:} URLs of {@code $load-terminology} to files in the import directory, and nowhere
 * else: an administrator's request must not read arbitrary files of the server.
 */
public class ImportFiles {

	private final Path directory;

	/** @param directory the import directory, or null when file URLs are not allowed */
	public ImportFiles(Path directory) {
		this.directory = directory;
	}

	public Path resolve(String url) {
		if (directory == null) {
			throw new ForbiddenOperationException("file URLs are not allowed: send the file as Attachment.data, "
					+ "or set fjord.terminology.import-directory on the server");
		}
		Path file;
		try {
			file = Path.of(URI.create(url)).toRealPath();
		} catch (IllegalArgumentException | IOException | FileSystemNotFoundException e) {
			throw new InvalidRequestException("'" + url + "' is not a readable file: URL in the import directory");
		}
		if (!file.startsWith(realDirectory()) || !Files.isRegularFile(file)) {
			throw new ForbiddenOperationException("'" + url + "' is outside the import directory");
		}
		return file;
	}

	private Path realDirectory() {
		try {
			return directory.toRealPath();
		} catch (IOException e) {
			throw new InvalidRequestException("the import directory does not exist");
		}
	}
}

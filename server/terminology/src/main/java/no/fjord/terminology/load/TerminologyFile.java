package no.fjord.terminology.load;

import ca.uhn.fhir.jpa.term.api.ITermLoaderSvc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file of a terminology distribution: its name (HAPI's loaders find files by name) and its bytes. */
public interface TerminologyFile extends ITermLoaderSvc.FileDescriptor {

	static TerminologyFile of(String name, byte[] data) {
		return new TerminologyFile() {
			@Override
			public String getFilename() {
				return name;
			}

			@Override
			public InputStream getInputStream() {
				return new ByteArrayInputStream(data);
			}
		};
	}

	static TerminologyFile of(Path path) {
		return new TerminologyFile() {
			@Override
			public String getFilename() {
				return path.getFileName().toString();
			}

			@Override
			public InputStream getInputStream() {
				try {
					return Files.newInputStream(path);
				} catch (IOException e) {
					throw new UncheckedIOException("Cannot read " + path, e);
				}
			}
		};
	}
}

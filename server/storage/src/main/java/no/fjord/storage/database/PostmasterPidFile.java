package no.fjord.storage.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's {@code postmaster.pid} in a data directory: the process id of the postmaster that owns
 * the directory, the directory as it recorded it, and its port (lines 1, 2 and 4; see
 * <a href="https://www.postgresql.org/docs/current/storage-file-layout.html">the file layout</a>).
 */
record PostmasterPidFile(long pid, Path dataDirectory, int port) {

	static final String NAME = "postmaster.pid";

	/** The file of {@code dataDir}, or empty when there is none (no postmaster, or a clean stop). */
	static Optional<PostmasterPidFile> read(Path dataDir) {
		try {
			List<String> lines = Files.readAllLines(dataDir.resolve(NAME));
			if (lines.size() < 4) {
				return Optional.empty(); // being written by a starting postmaster
			}
			return Optional.of(new PostmasterPidFile(Long.parseLong(lines.get(0).trim()), Path.of(lines.get(1).trim()),
					Integer.parseInt(lines.get(3).trim())));
		} catch (NoSuchFileException absent) {
			return Optional.empty();
		} catch (IOException | NumberFormatException unreadable) {
			throw new IllegalStateException("Cannot read " + dataDir.resolve(NAME) + ": " + unreadable.getMessage(),
					unreadable);
		}
	}

	/** The running process this file names, if it is a PostgreSQL server on {@code dataDir}. */
	Optional<ProcessHandle> runningPostmaster(Path dataDir) {
		return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
				.filter(process -> isPostgres(process) && dataDirectory.equals(dataDir));
	}

	/** The pid names a live process that is not a PostgreSQL server: the pid was reused after a reboot. */
	boolean namesAnotherProgram() {
		return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
				.map(process -> process.info().command().isPresent() && !isPostgres(process)).orElse(false);
	}

	/**
	 * Asks a postmaster for a fast shutdown (SIGINT: roll back open transactions, checkpoint, exit). Not
	 * through {@code pg_ctl}, which refuses to run as root, where the library runs it in a user namespace.
	 */
	static void requestFastShutdown(long pid) throws IOException, InterruptedException {
		new ProcessBuilder("sh", "-c", "kill -INT \"$0\"", Long.toString(pid))
				.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
	}

	private static boolean isPostgres(ProcessHandle process) {
		return process.info().command().map(Path::of).map(Path::getFileName).map(Path::toString)
				.map("postgres"::equals).orElse(false);
	}
}

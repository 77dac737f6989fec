package no.fjord.storage.database;

import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the embedded PostgreSQL when the JVM dies without stopping it (SIGKILL, out of memory, a
 * crash). The postmaster runs in a session of its own and would otherwise outlive Fjord, holding the
 * data directory and listening on loopback. The reaper is a small shell whose standard input is a
 * pipe from this JVM: when the JVM is gone, however it went, the pipe closes, {@code read} returns
 * and the shell asks the postmaster for a fast shutdown. A clean shutdown stops PostgreSQL itself and then
 * ends the reaper, so a Fjord started right after is never stopped by a stale reaper.
 */
final class PostmasterReaper implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PostmasterReaper.class);
	/** a fast shutdown (SIGINT), as {@link PostmasterPidFile#requestFastShutdown} sends */
	private static final String SCRIPT = "read -r ignored; kill -INT \"$0\"";

	private final Process shell;

	private PostmasterReaper(Process shell) {
		this.shell = shell;
	}

	/** Empty where no POSIX shell is at hand; then only the next start cleans up ({@link LeftoverPostmaster}). */
	static Optional<PostmasterReaper> watch(long postmasterPid) {
		try {
			Process shell = new ProcessBuilder("sh", "-c", SCRIPT, Long.toString(postmasterPid))
					.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
			return Optional.of(new PostmasterReaper(shell));
		} catch (IOException noShell) {
			log.warn("Cannot start a reaper for the embedded PostgreSQL ({}); if the JVM is killed, the next start "
					+ "stops the server it left", noShell.getMessage());
			return Optional.empty();
		}
	}

	long pid() {
		return shell.pid();
	}

	@Override
	public void close() {
		shell.destroy(); // SIGTERM ends the shell while it waits in read, before it signals the postmaster
	}
}

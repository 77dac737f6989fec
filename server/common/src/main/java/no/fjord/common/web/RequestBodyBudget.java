package no.fjord.common.web;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.util.unit.DataSize;

/**
 * How many bytes of request bodies all requests together may hold in memory at once. Each request
 * takes a {@link Share} before it reads its body and gives it back when it is answered, so a crowd of
 * large uploads is turned away (503) instead of exhausting the heap.
 */
public final class RequestBodyBudget {

	private final long capacity;
	private final AtomicLong taken = new AtomicLong();

	public RequestBodyBudget(DataSize capacity) {
		if (capacity == null || capacity.toBytes() <= 0) {
			throw new IllegalArgumentException("the body budget must be positive, was " + capacity);
		}
		this.capacity = capacity.toBytes();
	}

	/** A request's part of the budget, empty at first; close it to give its bytes back. */
	public Share open() {
		return new Share();
	}

	/** Bytes currently held by all requests. */
	public long taken() {
		return taken.get();
	}

	public long capacity() {
		return capacity;
	}

	private boolean take(long bytes) {
		long current;
		do {
			current = taken.get();
			if (current + bytes > capacity) {
				return false;
			}
		} while (!taken.compareAndSet(current, current + bytes));
		return true;
	}

	/** One request's bytes; not thread-safe, as a request's body is read by one thread. */
	public final class Share implements AutoCloseable {
		private long held;

		/** @return false (taking nothing) when the budget cannot spare {@code bytes} more */
		public boolean grow(long bytes) {
			if (!take(bytes)) {
				return false;
			}
			held += bytes;
			return true;
		}

		@Override
		public void close() {
			taken.addAndGet(-held);
			held = 0;
		}
	}
}

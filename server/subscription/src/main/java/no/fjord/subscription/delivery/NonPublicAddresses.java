package no.fjord.subscription.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The addresses a rest-hook must not reach unless the operator allowed its host: loopback, private,
 * link-local (with the cloud metadata service), carrier-grade NAT, unspecified, multicast and reserved
 * ranges, also when an IPv6 address carries one of them inside. See
 * <a href="https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html">OWASP
 * SSRF prevention</a> and the <a href="https://www.iana.org/assignments/iana-ipv4-special-registry">IANA
 * special-purpose registries</a>.
 */
final class NonPublicAddresses {

	private record Range(byte[] prefix, int bits) {

		boolean contains(byte[] address) {
			if (address.length != prefix.length) {
				return false;
			}
			int whole = bits / 8;
			if (!Arrays.equals(address, 0, whole, prefix, 0, whole)) {
				return false;
			}
			int rest = bits % 8;
			int mask = (0xff << (8 - rest)) & 0xff;
			return rest == 0 || (address[whole] & mask) == (prefix[whole] & mask);
		}
	}

	private static final List<Range> RANGES = List.of(
			range("0.0.0.0", 8), // "this network", with the unspecified 0.0.0.0
			range("10.0.0.0", 8),
			range("100.64.0.0", 10), // carrier-grade NAT
			range("127.0.0.0", 8),
			range("169.254.0.0", 16), // link-local, with the cloud metadata service 169.254.169.254
			range("172.16.0.0", 12),
			range("192.0.0.0", 24), // IETF protocol assignments
			range("192.168.0.0", 16),
			range("198.18.0.0", 15), // benchmarking
			range("224.0.0.0", 4), // multicast
			range("240.0.0.0", 4), // reserved, with the broadcast address
			range("fc00::", 7), // unique local
			range("fe80::", 10), // link-local
			range("fec0::", 10), // deprecated site-local, still routed inside some networks
			range("ff00::", 8)); // multicast

	/** IPv6 ranges whose addresses carry an IPv4 address, and where in the 16 bytes it sits. */
	private record Embedding(Range range, int offset) {
	}

	private static final List<Embedding> EMBEDDINGS = List.of(
			// IPv4-mapped, spelled in bytes: Java parses ::ffff:0:0 to the IPv4 address 0.0.0.0
			new Embedding(new Range(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0}, 96), 12),
			new Embedding(range("::", 96), 12), // IPv4-compatible, with :: and ::1
			new Embedding(range("64:ff9b::", 96), 12), // NAT64
			new Embedding(range("2002::", 16), 2)); // 6to4

	private NonPublicAddresses() {
	}

	static boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		for (Embedding embedding : EMBEDDINGS) {
			if (embedding.range().contains(bytes)) {
				return contains(Arrays.copyOfRange(bytes, embedding.offset(), embedding.offset() + 4));
			}
		}
		return contains(bytes);
	}

	private static boolean contains(byte[] address) {
		return RANGES.stream().anyMatch(range -> range.contains(address));
	}

	private static Range range(String literal, int bits) {
		try {
			// A literal is parsed, never looked up.
			return new Range(InetAddress.getByName(literal).getAddress(), bits);
		} catch (UnknownHostException e) {
			throw new IllegalArgumentException(literal, e);
		}
	}
}

package no.fjord.terminology.typeahead;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * One value set's full expansion held in memory for type-ahead. Codes and the words of displays and
 * designations are kept sorted, so a filter finds its candidates by binary search instead of scanning
 * every concept: pickers get their answer in well under a millisecond of work whatever the size of the
 * code system. A concept matches when its code starts with the filter, or when every word of the filter
 * starts a word of its texts (HAPI's own filter matches displays only).
 */
final class TypeAheadIndex {

	/**
	 * A page of matches, best first: the code equal to the filter, other codes starting with it, displays
	 * starting with it, then the rest.
	 */
	record Page(int total, List<ValueSetExpansionContainsComponent> concepts) {}

	private final ValueSet source;
	private final List<IndexedConcept> concepts;
	private final SortedKeys codes;
	private final SortedKeys words;
	private final int[] all;
	/** Pickers ask the same short prefixes again and again; their ranked matches are kept (up to ~8 MB). */
	private final Cache<String, int[]> rankedMatches =
			Caffeine.newBuilder().maximumWeight(2_000_000).weigher((String query, int[] ranked) -> ranked.length + query.length() + 16).build();

	TypeAheadIndex(ValueSet expansion) {
		this.source = expansion;
		this.concepts = expansion.getExpansion().getContains().stream().map(IndexedConcept::of).toList();
		List<String> codeKeys = new ArrayList<>();
		List<Integer> codeOwners = new ArrayList<>();
		List<String> wordKeys = new ArrayList<>();
		List<Integer> wordOwners = new ArrayList<>();
		for (int i = 0; i < concepts.size(); i++) {
			codeKeys.add(concepts.get(i).code());
			codeOwners.add(i);
			for (String word : concepts.get(i).words()) {
				wordKeys.add(word);
				wordOwners.add(i);
			}
		}
		this.codes = new SortedKeys(codeKeys, codeOwners);
		this.words = new SortedKeys(wordKeys, wordOwners);
		this.all = IntStream.range(0, concepts.size()).toArray();
	}

	int size() {
		return concepts.size();
	}

	ValueSet source() {
		return source;
	}

	/** Matches of {@code filter}; every concept in expansion order when it is blank. */
	Page page(String filter, int offset, int count) {
		String query = IndexedConcept.lower(filter.strip());
		int[] ranked = query.isEmpty() ? all : rankedMatches.get(query, this::rank);
		List<ValueSetExpansionContainsComponent> page = new ArrayList<>();
		for (int i = offset; i < ranked.length && page.size() < count; i++) {
			page.add(concepts.get(ranked[i]).concept());
		}
		return new Page(ranked.length, page);
	}

	/** The indexes of the concepts matching {@code query}, best first. */
	private int[] rank(String query) {
		List<String> queryWords = Arrays.stream(IndexedConcept.words(query)).filter(word -> !word.isEmpty()).toList();
		BitSet byCode = codes.ownersOfKeysStartingWith(query);
		BitSet byText = new BitSet(concepts.size());
		if (!queryWords.isEmpty()) {
			String mostSelective = queryWords.stream().max(Comparator.comparingInt(String::length)).orElseThrow();
			byText = words.ownersOfKeysStartingWith(mostSelective);
			if (queryWords.size() > 1) {
				for (int i = byText.nextSetBit(0); i >= 0; i = byText.nextSetBit(i + 1)) {
					if (!concepts.get(i).hasWordsStartingWith(queryWords)) {
						byText.clear(i);
					}
				}
			}
		}
		byText.andNot(byCode);
		BitSet displayStarts = new BitSet(concepts.size());
		for (int i = byText.nextSetBit(0); i >= 0; i = byText.nextSetBit(i + 1)) {
			if (concepts.get(i).display().startsWith(query)) {
				displayStarts.set(i);
			}
		}
		byText.andNot(displayStarts);
		IntStream exactCode = byCode.stream().filter(i -> concepts.get(i).code().equals(query));
		IntStream otherCodes = byCode.stream().filter(i -> !concepts.get(i).code().equals(query));
		return Stream.of(exactCode, otherCodes, displayStarts.stream(), byText.stream())
				.flatMapToInt(ranked -> ranked).toArray();
	}

	/** Keys sorted for prefix search, each with the index of the concept it belongs to. */
	private static final class SortedKeys {

		private final String[] keys;
		private final int[] owners;

		SortedKeys(List<String> keys, List<Integer> owners) {
			Integer[] order = new Integer[keys.size()];
			Arrays.setAll(order, i -> i);
			Arrays.sort(order, Comparator.comparing(keys::get));
			this.keys = new String[order.length];
			this.owners = new int[order.length];
			for (int i = 0; i < order.length; i++) {
				this.keys[i] = keys.get(order[i]);
				this.owners[i] = owners.get(order[i]);
			}
		}

		BitSet ownersOfKeysStartingWith(String prefix) {
			BitSet result = new BitSet();
			for (int i = firstNotBefore(prefix); i < keys.length && keys[i].startsWith(prefix); i++) {
				result.set(owners[i]);
			}
			return result;
		}

		/** The first position whose key is not less than {@code key} (keys repeat, so not binarySearch). */
		private int firstNotBefore(String key) {
			int low = 0;
			int high = keys.length;
			while (low < high) {
				int middle = (low + high) >>> 1;
				if (keys[middle].compareTo(key) < 0) {
					low = middle + 1;
				} else {
					high = middle;
				}
			}
			return low;
		}
	}
}

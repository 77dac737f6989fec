package no.fjord.terminology.load;

import java.util.List;

/**
 * What to load.
 *
 * @param url the canonical URL, for {@link TerminologyKind#FINNKODE}; otherwise null (the kind fixes it)
 * @param version the version to store, for the kinds whose files carry none (FinnKode files, the map)
 */
public record LoadRequest(TerminologyKind kind, String url, String version, List<TerminologyFile> files) {}

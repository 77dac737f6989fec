package no.fjord.examples.synthetic;

/**
 * One patient's transaction Bundle as JSON, ready to write or send.
 *
 * @param number        1-based patient number within the data set
 * @param json          the Bundle in compact FHIR JSON
 * @param resourceCount entries in the Bundle
 */
public record SerializedBundle(int number, String json, int resourceCount) {
}

package org.depthlab.claims;

import java.util.Objects;

/**
 * What a claim says, for the reader and the table: a short name, the statement in plain words,
 * the class of models it quantifies over, and how strong its verdict is.
 *
 * @param name           a short name for the table, e.g. "light cone"
 * @param statement      the claim in plain words
 * @param quantifiesOver the class of models it is about, in words
 * @param rigor          provable or empirical, and the tolerance of the check
 */
public record About(String name, String statement, String quantifiesOver, Rigor rigor) {

    public About {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(quantifiesOver, "quantifiesOver");
        Objects.requireNonNull(rigor, "rigor");
    }
}

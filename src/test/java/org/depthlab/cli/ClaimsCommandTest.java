package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.depthlab.claims.About;
import org.depthlab.claims.Catalog;
import org.depthlab.claims.Claim;
import org.depthlab.claims.Family;
import org.depthlab.claims.Rigor;
import org.depthlab.claims.Verdict;
import org.junit.jupiter.api.Test;

/** {@code depthlab claims}: the table, the filter, and the exit codes. */
class ClaimsCommandTest {

    @Test
    void everyClaimOfTheCatalogComesOutAsExpected() {
        CliRun run = CliRun.of("claims", "--tries", "4");
        assertEquals(0, run.code(), run.out() + run.err());
        for (Catalog.Entry<?> e : Catalog.all()) {
            assertTrue(run.out().contains(e.claim().name()), e.claim().name());
        }
        assertEquals(Catalog.all().size() + 1, run.out().lines().count(), "a header and one row per entry");
        assertTrue(run.out().contains("fails, as it must"));
        assertTrue(!run.out().contains("FAILS") && !run.out().contains("no counterexample"), run.out());
    }

    /** The depth numbers the table prints are the published formulas with the model's numbers. */
    @Test
    void depthRowsShowThePublishedFormulas() {
        String out = CliRun.of("claims", "--tries", "2").out();
        assertTrue(out.contains("N*T*|L| + N*|H| = "), out);
        assertTrue(out.contains("K*L = "), out);
        assertTrue(out.contains("T*(n+1)*layers = "), out);
    }

    @Test
    void modelSelectsItsRows() {
        CliRun run = CliRun.of("claims", "--model", "hrm", "--tries", "2");
        assertEquals(0, run.code(), run.err());
        run.out().lines().skip(1).forEach(line -> assertTrue(line.contains(" hrm "), line));
        assertTrue(run.out().contains("tape memory constant"));
    }

    @Test
    void anUnknownModelOrABadTryCountIsOneLineAndExitTwo() {
        CliRun run = CliRun.of("claims", "--model", "gpt");
        assertEquals(2, run.code());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("--model gpt") && run.err().contains("hrm"), run.err());
        CliRun zero = CliRun.of("claims", "--tries", "0");
        assertEquals(2, zero.code());
        assertEquals(1, zero.err().lines().count(), zero.err());
        CliRun word = CliRun.of("claims", "--seed", "abc");
        assertEquals(2, word.code());
        assertEquals(1, word.err().lines().count(), word.err());
    }

    /** A claim that fails on a family it is about is counted (exit 1); a contrast that fails is not. */
    @Test
    void anUnexpectedVerdictIsCounted() {
        Claim<String> never = new Claim<>() {
            public About about() {
                return new About("never", "Nothing holds.", "strings", Rigor.exact());
            }

            public Verdict check(Family<String> family, long seed, int tries) {
                return new Verdict(Verdict.Outcome.FAILS, tries, "counterexample: " + family.draw(seed, 0, 0));
            }
        };
        Family<String> words = new Family<>("words", (seed, vocab, length) -> "a word");
        StringWriter text = new StringWriter();
        int unexpected = ClaimsCommand.table(List.of(new Catalog.Entry<>(never, words, true),
                new Catalog.Entry<>(never, words, false)), 1, 3, new PrintWriter(text, true));
        assertEquals(1, unexpected);
        assertTrue(text.toString().contains("FAILS (exact)") && text.toString().contains("counterexample: a word"),
                text.toString());
    }
}

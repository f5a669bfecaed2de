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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code depthlab claims}: the table, the filter, and the exit codes. */
class ClaimsCommandTest {

    /** The whole table at the default settings, as a reader first runs it. */
    private static CliRun table;

    @BeforeAll
    static void runTheTable() {
        table = CliRun.of("claims");
    }

    @Test
    void everyClaimOfTheCatalogComesOutAsExpected() {
        CliRun run = table;
        assertEquals(0, run.code(), run.out() + run.err());
        for (Catalog.Entry<?> e : Catalog.all()) {
            assertTrue(run.out().contains(e.claim().name()), e.claim().name());
        }
        assertEquals(Catalog.all().size() + 1, run.out().lines().count(), "a header and one row per entry");
        assertTrue(run.out().contains("fails, as it must"));
        assertTrue(!run.out().contains("FAILS") && !run.out().contains("no counterexample")
                && !run.out().contains("not tested"), run.out());
    }

    /** Every claim has a row about the families it is about and a contrast row that fails. */
    @Test
    void everyClaimHasAContrastThatFails() {
        String out = table.out();
        for (Catalog.Entry<?> e : Catalog.all()) {
            String name = e.claim().name();
            assertTrue(Catalog.all().stream().anyMatch(o -> o.claim().name().equals(name) && !o.inClass()),
                    name + " has a contrast");
            assertTrue(out.lines().anyMatch(l -> l.startsWith(name + " ") && l.contains("(contrast)")
                    && l.contains("fails, as it must")), name + ": " + out);
        }
    }

    /** The header names what was tried; every row states its instances, inputs and sizes. */
    @Test
    void rowsStateTheSizesAndInputsTried() {
        String out = table.out();
        assertTrue(out.lines().findFirst().orElseThrow().matches("claim\\s+model\\s+instances\\s+inputs\\s+sizes\\s+verdict"
                + "\\s+evidence"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("light cone ") && l.contains("n 4-64")), out);
        assertTrue(out.lines().skip(1).allMatch(l -> l.matches(".*\\s10\\s+[0-9,]+\\s.*")), "instances and inputs: " + out);
    }

    /** The depth numbers the table prints are the published formulas with the model's numbers. */
    @Test
    void depthRowsShowThePublishedFormulas() {
        String out = table.out();
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
        Claim<String> never = claim(Verdict.Outcome.FAILS, "counterexample: a word");
        Family<String> words = new Family<>("words", (seed, vocab, length) -> "a word");
        StringWriter text = new StringWriter();
        ClaimsCommand.Counts counts = ClaimsCommand.table(List.of(new Catalog.Entry<>(never, words, true),
                new Catalog.Entry<>(never, words, false)), 1, 3, new PrintWriter(text, true));
        assertEquals(1, counts.refuted());
        assertEquals(0, counts.untested());
        assertTrue(text.toString().contains("FAILS (exact)") && text.toString().contains("counterexample: a word"),
                text.toString());
    }

    /** A row that tested nothing says "not tested"; it is counted for --require-tested. */
    @Test
    void aRowThatTestedNothingSaysSo() {
        Claim<String> vacuous = claim(Verdict.Outcome.NOT_TESTED, "nothing tested: no word to test");
        Family<String> words = new Family<>("words", (seed, vocab, length) -> "a word");
        StringWriter text = new StringWriter();
        ClaimsCommand.Counts counts = ClaimsCommand.table(List.of(new Catalog.Entry<>(vacuous, words, true)), 1, 3,
                new PrintWriter(text, true));
        assertEquals(new ClaimsCommand.Counts(0, 1), counts);
        assertTrue(text.toString().contains("not tested (exact)"), text.toString());
    }

    /** --require-tested: exit 1 when a row tested nothing; the catalog tests something in every row. */
    @Test
    void requireTestedExitsNonZeroOnlyWhenARowTestedNothing() {
        assertEquals(0, ClaimsCommand.exitCode(new ClaimsCommand.Counts(0, 2), false));
        assertEquals(1, ClaimsCommand.exitCode(new ClaimsCommand.Counts(0, 2), true));
        assertEquals(1, ClaimsCommand.exitCode(new ClaimsCommand.Counts(1, 0), false));
        assertEquals(0, ClaimsCommand.exitCode(new ClaimsCommand.Counts(0, 0), true));
        CliRun run = CliRun.of("claims", "--model", "input-blind", "--tries", "3", "--require-tested");
        assertEquals(0, run.code(), run.out() + run.err());
    }

    private static Claim<String> claim(Verdict.Outcome outcome, String evidence) {
        return new Claim<>() {
            public About about() {
                return new About("never", "Nothing holds.", "strings", Rigor.exact());
            }

            public Verdict check(Family<String> family, long seed, int tries) {
                return new Verdict(outcome, tries, evidence);
            }
        };
    }
}

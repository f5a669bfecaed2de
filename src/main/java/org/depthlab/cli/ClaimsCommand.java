package org.depthlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.depthlab.BadInputException;
import org.depthlab.claims.Catalog;
import org.depthlab.claims.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code depthlab claims}: checks every claim of the catalog ({@link Catalog}) on random
 * instances drawn from a seed and prints one row per (claim, model family): the claim, the
 * model, the instances drawn, the inputs tried on them, the sizes tried, the verdict and its
 * evidence — measured numbers, the smallest counterexample found, or why nothing was tested.
 * Rows marked as contrasts are families outside the claim's class; there the check must find
 * a counterexample ("fails, as it must").
 *
 * <p>Exit code 1 when a provable claim fails on a family it is about, and — with
 * {@code --require-tested} — when a row tested nothing; 2 for a bad option. A contrast on which
 * the instances tried show no counterexample is reported as such ("no counterexample yet"),
 * not counted: a contrast only says that some member breaks the claim.
 */
@Command(name = "claims",
        mixinStandardHelpOptions = true,
        description = {
            "Check the provable architecture claims on drawn instances.",
            "Depth, memory, causality, light cone, parity, decoding, greedy commitment,",
            "ACT halting and contraction: each on the models it is about, and on a",
            "contrast that must fail. One row per claim and model: instances, inputs,",
            "sizes tried, verdict, evidence. Exit 1 if a claim fails."})
final class ClaimsCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "NAME",
            description = "only the rows of this model family (e.g. hrm, looped, decoder, local-attention)")
    private String model;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--tries", defaultValue = "10", paramLabel = "N",
            description = "instances drawn per row (default ${DEFAULT-VALUE})")
    private int tries;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "the claims about one model, on this run's model (trained or imported)")
    private java.nio.file.Path checkpoint;

    @Option(names = "--require-tested",
            description = "exit 1 also when a row tested nothing (its verdict is \"not tested\")")
    private boolean requireTested;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (tries < 1) {
            throw new BadInputException("--tries must be at least 1, not " + tries + ".");
        }
        List<Catalog.Entry<?>> rows = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        if (checkpoint != null) {
            if (model != null) {
                throw new BadInputException("--checkpoint checks the claims about the run's own model; leave out --model.");
            }
            rows.addAll(CheckpointClaims.rows(checkpoint));
        }
        for (Catalog.Entry<?> e : checkpoint != null ? List.<Catalog.Entry<?>>of() : Catalog.all()) {
            names.add(e.family().name());
            if (model == null || e.family().name().equals(model)) {
                rows.add(e);
            }
        }
        if (rows.isEmpty()) {
            throw new BadInputException("--model " + model + " is not a model family of the claims; choose one of "
                    + String.join(", ", names) + ".");
        }
        Counts counts = table(rows, seed, tries, spec.commandLine().getOut());
        if (counts.refuted() > 0) {
            spec.commandLine().getErr().println("depthlab: " + counts.refuted() + (counts.refuted() == 1 ? " claim" : " claims")
                    + " failed on a model they are about (seed " + seed + ", " + tries + " tries).");
        }
        if (requireTested && counts.untested() > 0) {
            spec.commandLine().getErr().println("depthlab: " + counts.untested() + (counts.untested() == 1 ? " row" : " rows")
                    + " tested nothing, and --require-tested asks that every row test something.");
        }
        return exitCode(counts, requireTested);
    }

    /** 1 if a provable claim failed on a model it is about, or (when required) a row tested nothing; else 0. */
    static int exitCode(Counts counts, boolean requireTested) {
        return counts.refuted() > 0 || (requireTested && counts.untested() > 0) ? 1 : 0;
    }

    /** What the table found: provable claims that failed on a family they are about, and rows that tested nothing. */
    record Counts(int refuted, int untested) {
    }

    /** Checks each row and prints it as soon as its verdict is in. */
    static Counts table(List<Catalog.Entry<?>> rows, long seed, int tries, PrintWriter out) {
        int claimWidth = "claim".length();
        int modelWidth = "model".length();
        for (Catalog.Entry<?> e : rows) {
            claimWidth = Math.max(claimWidth, e.claim().name().length());
            modelWidth = Math.max(modelWidth, modelColumn(e).length());
        }
        String format = "%-" + claimWidth + "s  %-" + modelWidth + "s  %9s  %7s  %-24s  %-28s  %s%n";
        out.printf(Locale.ROOT, format, "claim", "model", "instances", "inputs", "sizes", "verdict", "evidence");
        int refuted = 0;
        int untested = 0;
        for (Catalog.Entry<?> e : rows) {
            Verdict v = e.check(seed, tries);
            String word = switch (v.outcome()) {
                case HOLDS -> e.inClass() ? "holds" : "no counterexample yet";
                case FAILS -> e.inClass() ? "FAILS" : "fails, as it must";
                case NOT_TESTED -> "not tested";
            };
            out.printf(Locale.ROOT, format, e.claim().name(), modelColumn(e), v.tried(),
                    String.format(Locale.ROOT, "%,d", v.inputs()), v.sizes().isEmpty() ? "-" : v.sizes(),
                    word + " (" + e.claim().rigor().label() + ")", v.evidence());
            out.flush();
            if (e.refutes(v) && e.claim().rigor().provable()) {
                refuted++;
            }
            if (!v.isTested()) {
                untested++;
            }
        }
        return new Counts(refuted, untested);
    }

    private static String modelColumn(Catalog.Entry<?> e) {
        return e.family().name() + (e.inClass() ? "" : " (contrast)");
    }
}

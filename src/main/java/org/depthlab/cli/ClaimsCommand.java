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
 * model, the instances tried, the verdict and its evidence — measured numbers, or the
 * smallest counterexample found. Rows marked as contrasts are families outside the claim's
 * class; there the check must find a counterexample ("fails, as it must").
 *
 * <p>Exit code 1 when a provable claim fails on a family it is about; 2 for a bad option. A
 * contrast on which the instances tried show no counterexample is reported as such ("no
 * counterexample in N"), not counted: a contrast only says that some member breaks the claim.
 */
@Command(name = "claims",
        mixinStandardHelpOptions = true,
        description = {
            "Check provable claims about the architectures on random instances.",
            "Depth, memory, causality, light cone, parity, decoding, greedy commitment, ACT,",
            "contraction: each on the model families it is about, and on contrasts.",
            "Prints claim | model | instances | verdict | evidence; exit 1 if a claim fails."})
final class ClaimsCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "NAME",
            description = "only the rows of this model family (e.g. hrm, looped, decoder, local-attention)")
    private String model;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--tries", defaultValue = "10", paramLabel = "N",
            description = "instances drawn per row (default ${DEFAULT-VALUE})")
    private int tries;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (tries < 1) {
            throw new BadInputException("--tries must be at least 1, not " + tries + ".");
        }
        List<Catalog.Entry<?>> rows = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        for (Catalog.Entry<?> e : Catalog.all()) {
            names.add(e.family().name());
            if (model == null || e.family().name().equals(model)) {
                rows.add(e);
            }
        }
        if (rows.isEmpty()) {
            throw new BadInputException("--model " + model + " is not a model family of the claims; choose one of "
                    + String.join(", ", names) + ".");
        }
        int unexpected = table(rows, seed, tries, spec.commandLine().getOut());
        if (unexpected > 0) {
            spec.commandLine().getErr().println("depthlab: " + unexpected + (unexpected == 1 ? " claim" : " claims")
                    + " failed on a model they are about (seed " + seed + ", " + tries + " tries).");
            return 1;
        }
        return 0;
    }

    /**
     * Checks each row and prints it as soon as its verdict is in; returns how many provable
     * claims failed on a family they are about.
     */
    static int table(List<Catalog.Entry<?>> rows, long seed, int tries, PrintWriter out) {
        int claimWidth = "claim".length();
        int modelWidth = "model".length();
        for (Catalog.Entry<?> e : rows) {
            claimWidth = Math.max(claimWidth, e.claim().name().length());
            modelWidth = Math.max(modelWidth, modelColumn(e).length());
        }
        String format = "%-" + claimWidth + "s  %-" + modelWidth + "s  %9s  %-28s  %s%n";
        out.printf(Locale.ROOT, format, "claim", "model", "instances", "verdict", "evidence");
        int unexpected = 0;
        for (Catalog.Entry<?> e : rows) {
            Verdict v = e.check(seed, tries);
            String verdict = (e.inClass() ? (v.holds() ? "holds" : "FAILS")
                    : (v.holds() ? "no counterexample yet" : "fails, as it must")) + " ("
                    + e.claim().rigor().label() + ")";
            out.printf(Locale.ROOT, format, e.claim().name(), modelColumn(e), v.tried(), verdict, v.evidence());
            out.flush();
            if (e.refutes(v) && e.claim().rigor().provable()) {
                unexpected++;
            }
        }
        return unexpected;
    }

    private static String modelColumn(Catalog.Entry<?> e) {
        return e.family().name() + (e.inClass() ? "" : " (contrast)");
    }
}

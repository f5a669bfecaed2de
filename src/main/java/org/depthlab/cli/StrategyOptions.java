package org.depthlab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.depthlab.BadInputException;
import org.depthlab.decode.Backtracking;
import org.depthlab.decode.BeamSearch;
import org.depthlab.decode.ConstrainedGreedy;
import org.depthlab.decode.Greedy;
import org.depthlab.decode.Sampling;
import org.depthlab.decode.Strategy;
import picocli.CommandLine.Option;

/**
 * The options that pick a decoding strategy for a decoder checkpoint, shared by
 * {@code solve} and {@code eval}: {@code --strategy} and each strategy's settings.
 */
final class StrategyOptions {

    static final String NAMES = "greedy, sample, beam, constrained or backtrack";

    @Option(names = "--strategy", paramLabel = "STRATEGY",
            description = "decoder checkpoints: " + NAMES + " (default greedy; eval takes a comma-separated list)")
    String strategy;

    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
            description = "sample: softmax temperature (default ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
            description = "sample: draw from the K best tokens only, 0 for all (default ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--sample-seed", defaultValue = "1", paramLabel = "SEED",
            description = "sample, and --samples N: seed of the draws (default ${DEFAULT-VALUE})")
    long sampleSeed;

    @Option(names = "--beam-width", defaultValue = "4", paramLabel = "W",
            description = "beam: partial answers kept (default ${DEFAULT-VALUE})")
    int beamWidth;

    @Option(names = "--budget", defaultValue = "100000", paramLabel = "NODES",
            description = "backtrack: the most tokens tried before giving up (default ${DEFAULT-VALUE})")
    long budget;

    /** Whether --strategy was given. */
    boolean given() {
        return strategy != null;
    }

    /** The one strategy asked for (greedy when none was). */
    Strategy strategy() {
        List<Strategy> all = strategies();
        if (all.size() != 1) {
            throw new BadInputException("--strategy takes one strategy here, not '" + strategy + "'.");
        }
        return all.get(0);
    }

    /** The strategies asked for, in order (greedy when none was). */
    List<Strategy> strategies() {
        List<Strategy> out = new ArrayList<>();
        for (String name : (strategy == null ? "greedy" : strategy).split(",", -1)) {
            out.add(parse(name.strip().toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    private Strategy parse(String name) {
        switch (name) {
            case "greedy": return new Greedy();
            case "sample": return new Sampling(temperature, topK, sampleSeed);
            case "beam": return new BeamSearch(beamWidth);
            case "constrained": return new ConstrainedGreedy();
            case "backtrack": return new Backtracking(budget);
            default: throw new BadInputException("--strategy must be " + NAMES + ", not '" + name + "'.");
        }
    }
}

package org.depthlab.decode;

import java.util.List;
import org.depthlab.models.Decoder;
import org.depthlab.tasks.Puzzle;

/**
 * A strategy over a set of puzzles: exact accuracy (the whole answer correct by the puzzle's
 * own rules, the metric [HRM] reports) and what it took, per puzzle on average.
 */
public final class DecodingEvaluation {

    /**
     * @param strategy         the strategy's name
     * @param puzzles          how many puzzles were decoded
     * @param exact            fraction answered correctly
     * @param meanNodes        tokens chosen per puzzle
     * @param meanRetractions  tokens taken back per puzzle
     * @param meanModelCalls   model passes per puzzle
     * @param deadEnds         puzzles on which the strategy got stuck
     * @param budgetExhausted  puzzles on which the node budget ran out
     * @param puzzlesPerSecond throughput (measured, never compared in a test)
     * @param lr2              LR²Bench's metrics of the answers, for tasks with subtasks ({@link Lr2BenchMetrics})
     */
    public record Result(String strategy, int puzzles, double exact, double meanNodes, double meanRetractions,
                         double meanModelCalls, int deadEnds, int budgetExhausted, double puzzlesPerSecond,
                         java.util.Optional<Lr2BenchMetrics.Result> lr2) {
    }

    private DecodingEvaluation() {
    }

    /** Decodes every puzzle with {@code strategy} and scores the answers. */
    public static Result evaluate(Decoder decoder, Strategy strategy, List<Puzzle> puzzles) {
        long start = System.nanoTime();
        long exact = 0;
        long nodes = 0;
        long retractions = 0;
        long calls = 0;
        int deadEnds = 0;
        int exhausted = 0;
        Lr2BenchMetrics.Tally lr2 = new Lr2BenchMetrics.Tally();
        for (Puzzle puzzle : puzzles) {
            Decoding d = strategy.decode(decoder, puzzle);
            lr2.add(puzzle, d.answer());
            exact += puzzle.isCorrect(d.answer()) ? 1 : 0;
            nodes += d.nodes();
            retractions += d.retractions();
            calls += d.modelCalls();
            deadEnds += d.events().stream().anyMatch(e -> e instanceof Decoding.DeadEnd) && !d.complete() ? 1 : 0;
            exhausted += d.budgetExhausted() ? 1 : 0;
        }
        int n = Math.max(1, puzzles.size());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(strategy.name(), puzzles.size(), exact / (double) n, nodes / (double) n,
                retractions / (double) n, calls / (double) n, deadEnds, exhausted,
                puzzles.size() / Math.max(seconds, 1e-9), lr2.result());
    }
}

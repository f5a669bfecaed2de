package org.depthlab.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.depthlab.BadInputException;
import org.depthlab.decode.Backtracking;
import org.depthlab.decode.BeamSearch;
import org.depthlab.decode.ConstrainedGreedy;
import org.depthlab.decode.DecodingEvaluation;
import org.depthlab.decode.Greedy;
import org.depthlab.decode.Lr2BenchMetrics;
import org.depthlab.decode.Sampling;
import org.depthlab.decode.Strategy;
import org.depthlab.models.Decoder;
import org.depthlab.models.RefinementModel;
import org.depthlab.tasks.Puzzle;
import org.depthlab.train.Evaluator;

/**
 * What the lab measures on a trained model, beyond the learning curve, all on the held-out
 * puzzles:
 * <ul>
 *   <li><b>the answer</b> after the number of segments trained with: exact and cell accuracy
 *       ({@link Evaluator}, as training evaluates);</li>
 *   <li><b>test-time compute</b>: exact accuracy after each segment up to
 *       {@code segmentsTimes} × the segments trained — does running longer than trained
 *       help?</li>
 *   <li><b>difficulty</b>: exact accuracy per bucket of the solver's backtracks
 *       ({@link Difficulty});</li>
 *   <li>for a decoder, <b>every decoding strategy</b> of the spec ({@link DecodingEvaluation}),
 *       per bucket too, and exact accuracy against the beam width and against backtracking's
 *       node budget — the decoder's test-time compute.</li>
 * </ul>
 */
final class RunEvaluation {

    private RunEvaluation() {
    }

    /** The measurements, in the shape {@link RunResult} keeps them. */
    record Measured(double exact, double cells, int trainedSegments, double[] exactBySegment,
                    List<RunResult.Bucket> difficulty, List<RunResult.StrategyResult> strategies,
                    List<RunResult.SearchPoint> beam, List<RunResult.SearchPoint> search, Lr2BenchMetrics.Result lr2) {
    }

    static Measured evaluate(RefinementModel model, int trainedSegments, int batch, Spec.Evaluation spec,
                             List<Puzzle> test) {
        Evaluator.Result answer = Evaluator.evaluate(model, test, trainedSegments, batch);
        TreeMap<Integer, List<Puzzle>> groups = spec.difficulty() ? Difficulty.group(test)
                : new TreeMap<>(Map.of(-1, test));
        if (model instanceof Decoder decoder) {
            return decoder(decoder, answer, spec, test, groups);
        }
        // Test-time compute and difficulty from one evaluation per bucket at the longest length:
        // the first S segments of a longer evaluation are exactly an S-segment one.
        int longest = spec.segmentsTimes() * trainedSegments;
        double[] bySegment = new double[longest];
        List<RunResult.Bucket> buckets = new ArrayList<>();
        for (Map.Entry<Integer, List<Puzzle>> g : groups.entrySet()) {
            List<Puzzle> ps = g.getValue();
            Evaluator.Result r = Evaluator.evaluate(model, ps, longest, batch);
            for (int s = 0; s < longest; s++) {
                bySegment[s] += r.exactBySegment()[s] * ps.size() / test.size();
            }
            if (g.getKey() >= 0) {
                buckets.add(new RunResult.Bucket(Difficulty.low(g.getKey()), Difficulty.high(g.getKey()), ps.size(),
                        r.exactBySegment()[trainedSegments - 1]));
            }
        }
        return new Measured(answer.exact(), answer.tokenAccuracy(), trainedSegments, bySegment, buckets, List.of(),
                List.of(), List.of(), Lr2BenchMetrics.ofModel(model, test, trainedSegments, batch).orElse(null));
    }

    private static Measured decoder(Decoder decoder, Evaluator.Result greedy, Spec.Evaluation spec, List<Puzzle> test,
                                    TreeMap<Integer, List<Puzzle>> groups) {
        boolean constrained = !test.isEmpty() && test.get(0).constraints().isPresent();
        List<RunResult.StrategyResult> strategies = new ArrayList<>();
        List<RunResult.Bucket> greedyBuckets = new ArrayList<>();
        for (String name : spec.strategies()) {
            Strategy strategy = strategy(name);
            if (strategy.needsConstraints() && !constrained) {
                continue;
            }
            double exact = 0;
            double nodes = 0;
            double retractions = 0;
            double calls = 0;
            int deadEnds = 0;
            int exhausted = 0;
            double[] lr2 = new double[4]; // CR, S-Acc, EM, PM-0.5, weighted by bucket size
            Lr2BenchMetrics.Result lr2Of = null;
            List<RunResult.Bucket> buckets = new ArrayList<>();
            for (Map.Entry<Integer, List<Puzzle>> g : groups.entrySet()) {
                List<Puzzle> ps = g.getValue();
                DecodingEvaluation.Result r = DecodingEvaluation.evaluate(decoder, strategy, ps);
                double w = ps.size() / (double) test.size();
                exact += w * r.exact();
                nodes += w * r.meanNodes();
                retractions += w * r.meanRetractions();
                calls += w * r.meanModelCalls();
                deadEnds += r.deadEnds();
                exhausted += r.budgetExhausted();
                if (r.lr2().isPresent()) {
                    Lr2BenchMetrics.Result m = r.lr2().get();
                    lr2[0] += w * m.completionRatio();
                    lr2[1] += w * m.subtaskAccuracy();
                    lr2[2] += w * m.exactMatch();
                    lr2[3] += w * m.partialMatch();
                    lr2Of = new Lr2BenchMetrics.Result(test.size(), m.subtask(), lr2[0], lr2[1], lr2[2], lr2[3]);
                }
                if (g.getKey() >= 0) {
                    buckets.add(new RunResult.Bucket(Difficulty.low(g.getKey()), Difficulty.high(g.getKey()), ps.size(),
                            r.exact()));
                }
            }
            strategies.add(new RunResult.StrategyResult(strategy.name(), exact, nodes, retractions, calls, deadEnds,
                    exhausted, buckets, lr2Of));
            if (strategy instanceof Greedy) {
                greedyBuckets = buckets;
            }
        }
        List<RunResult.SearchPoint> beam = new ArrayList<>();
        for (long w : spec.beamWidths()) {
            DecodingEvaluation.Result r = DecodingEvaluation.evaluate(decoder, new BeamSearch((int) w), test);
            beam.add(new RunResult.SearchPoint(w, r.exact(), r.meanModelCalls()));
        }
        List<RunResult.SearchPoint> search = new ArrayList<>();
        if (constrained) {
            for (long b : spec.searchBudgets()) {
                DecodingEvaluation.Result r = DecodingEvaluation.evaluate(decoder, new Backtracking(b), test);
                search.add(new RunResult.SearchPoint(b, r.exact(), r.meanModelCalls()));
            }
        }
        // A decoder's "segment" is one greedy decoding; running it again changes nothing.
        return new Measured(greedy.exact(), greedy.tokenAccuracy(), 1, new double[] {greedy.exact()}, greedyBuckets,
                strategies, beam, search, null);
    }

    /** A strategy as specs name it: greedy, constrained, backtrack[:budget], beam[:width], sample[:temperature] (seed 1). */
    static Strategy strategy(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        String[] parts = n.split(":", 2);
        try {
            switch (parts[0]) {
                case "greedy":
                    return new Greedy();
                case "constrained":
                    return new ConstrainedGreedy();
                case "backtrack":
                    return new Backtracking(parts.length > 1 ? Long.parseLong(parts[1]) : Backtracking.DEFAULT_BUDGET);
                case "beam":
                    return new BeamSearch(parts.length > 1 ? Integer.parseInt(parts[1]) : 4);
                case "sample":
                    return new Sampling(parts.length > 1 ? Double.parseDouble(parts[1]) : 1.0, 0, 1);
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            throw new BadInputException("strategy '" + name + "': the number after ':' is not a number.");
        }
        throw new BadInputException("unknown strategy '" + name + "'; the strategies are greedy, constrained,"
                + " backtrack[:budget], beam[:width] and sample[:temperature].");
    }
}

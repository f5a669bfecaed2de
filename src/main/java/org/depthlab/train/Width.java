package org.depthlab.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.depthlab.BadInputException;
import org.depthlab.models.Carry;
import org.depthlab.models.NoiseSeeds;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.models.StochasticModel;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.ejml.data.DMatrixRMaj;

/**
 * Width at inference: N samples of every puzzle, run side by side, then one answer from the N
 * (chapter 14; GRAM scales inference in width this way, [GRAM] in book/references.md).
 *
 * <p>The N samples of a puzzle are N rows of one batch — N sequences with the same input and
 * different noise — so they run in parallel, on both cores, and the sequential depth of the
 * whole is that of one sample: S segments of T·(n + 1)·layers layer applications, whatever N.
 * Sample i of puzzle p draws its noise in segment k from the seed derived from
 * (base, p, i, k) ({@link NoiseSeeds}) and from nothing else, so the samples of a smaller N are
 * exactly the first samples of a larger one.
 *
 * <p>Three ways to make one answer of N ({@link Aggregate}):
 * <ul>
 *   <li><b>vote</b>: the answer most samples give, whole answers compared (ties to the one
 *       that came first);</li>
 *   <li><b>confidence</b>: the sample the model itself is surest of — its halting logit
 *       q_halt, trained to predict "the answer is right", or, for a model without a halting
 *       head, the mean log-probability of its answer;</li>
 *   <li><b>oracle</b>: a right answer if any sample has one, judged by the puzzle's checker.
 *       It uses the rules at test time, so it is an upper bound, not a method: its accuracy is
 *       pass@N, the coverage of N samples.</li>
 * </ul>
 */
public final class Width {

    private Width() {
    }

    /** How N answers become one. */
    public enum Aggregate {
        /** The most frequent whole answer. */
        VOTE,
        /** The sample with the highest q_halt (or mean log-probability). */
        CONFIDENCE,
        /** Any right sample (the puzzle's checker): an upper bound, pass@N. */
        ORACLE;

        /** "vote", "confidence" or "oracle". */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Reads vote, confidence or oracle. */
        public static Aggregate parse(String s) {
            for (Aggregate a : values()) {
                if (a.label().equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            throw new BadInputException("--aggregate must be vote, confidence or oracle, not '" + s + "'");
        }
    }

    /**
     * One distinct answer among a puzzle's samples.
     *
     * @param answer     the answer's tokens
     * @param votes      how many samples gave it
     * @param valid      whether it is a solution, by the puzzle's rules
     * @param confidence the highest confidence of the samples that gave it
     * @param first      the first sample that gave it
     */
    public record Vote(int[] answer, int votes, boolean valid, double confidence, int first) {
    }

    /**
     * What N samples of one puzzle did.
     *
     * @param puzzle     the puzzle
     * @param answers    sample i's answer after the last segment
     * @param confidence sample i's confidence after the last segment (q_halt, or mean log-probability)
     * @param validAfter validAfter[i][k]: whether sample i's answer after segment k + 1 is a solution
     */
    public record Samples(Puzzle puzzle, List<int[]> answers, double[] confidence, boolean[][] validAfter) {

        /** The number of samples. */
        public int size() {
            return answers.size();
        }

        /** Whether sample i's final answer is a solution. */
        public boolean valid(int i) {
            boolean[] v = validAfter[i];
            return v[v.length - 1];
        }

        /** The distinct answers of the first {@code n} samples, most votes first (ties: the one seen first). */
        public List<Vote> votes(int n) {
            Map<String, int[]> counts = new LinkedHashMap<>();       // key → {votes, first, best sample}
            for (int i = 0; i < n; i++) {
                int[] c = counts.computeIfAbsent(Arrays.toString(answers.get(i)), k -> new int[] {0, 0, 0});
                if (c[0] == 0) {
                    c[1] = i;
                    c[2] = i;
                }
                c[0]++;
                if (confidence[i] > confidence[c[2]]) {
                    c[2] = i;
                }
            }
            List<Vote> votes = new ArrayList<>();
            for (int[] c : counts.values()) {
                votes.add(new Vote(answers.get(c[1]), c[0], valid(c[1]), confidence[c[2]], c[1]));
            }
            votes.sort((a, b) -> a.votes() != b.votes() ? Integer.compare(b.votes(), a.votes())
                    : Integer.compare(a.first(), b.first()));
            return votes;
        }

        /** Whether the answer that {@code aggregate} makes of the first {@code n} samples is a solution. */
        public boolean right(Aggregate aggregate, int n) {
            switch (aggregate) {
                case VOTE:
                    return votes(n).get(0).valid();
                case CONFIDENCE: {
                    int best = 0;
                    for (int i = 1; i < n; i++) {
                        if (confidence[i] > confidence[best]) {
                            best = i;
                        }
                    }
                    return valid(best);
                }
                default:
                    for (int i = 0; i < n; i++) {
                        if (valid(i)) {
                            return true;
                        }
                    }
                    return false;
            }
        }

        /** How many different solutions the first {@code n} samples found. */
        public int distinctValid(int n) {
            return (int) votes(n).stream().filter(Vote::valid).count();
        }
    }

    /**
     * Runs {@code n} samples of every puzzle for {@code segments} segments, {@code batch}
     * sequences per forward pass. A model that draws no noise gives the same answer n times
     * (it is run once and its answer counted n times).
     *
     * @param seed the base of every sample's seed
     */
    public static List<Samples> sample(RefinementModel model, List<Puzzle> puzzles, int n, int segments, long seed,
                                       int batch) {
        if (n < 1 || segments < 1 || batch < 1) {
            throw new BadInputException("samples, segments and batch must be at least 1");
        }
        int runs = model instanceof StochasticModel ? n : 1;
        int seqLen = model.seqLen();
        int total = puzzles.size() * runs;
        int[][] answers = new int[total][];
        double[] confidence = new double[total];
        boolean[][] validAfter = new boolean[total][segments];
        for (int from = 0; from < total; from += batch) {
            int rows = Math.min(batch, total - from);
            int[] inputs = new int[rows * seqLen];
            long[] seeds = new long[rows];
            for (int r = 0; r < rows; r++) {
                int p = (from + r) / runs;
                int i = (from + r) % runs;
                System.arraycopy(puzzles.get(p).inputTokens(), 0, inputs, r * seqLen, seqLen);
                seeds[r] = sampleSeed(seed, p, i);
            }
            int first = from;
            run(new Tape(), model, inputs, seeds, segments, (k, out) -> {
                int[] best = Answers.argmax(out.logits().value());
                for (int r = 0; r < rows; r++) {
                    int[] answer = Arrays.copyOfRange(best, r * seqLen, (r + 1) * seqLen);
                    validAfter[first + r][k] = puzzles.get((first + r) / runs).isCorrect(answer);
                    if (k == segments - 1) {
                        answers[first + r] = answer;
                        confidence[first + r] = out.qHalt() != null ? out.qHalt().get(r, 0)
                                : meanLogProbability(out.logits().value(), r * seqLen, seqLen);
                    }
                }
            });
        }
        List<Samples> all = new ArrayList<>();
        for (int p = 0; p < puzzles.size(); p++) {
            List<int[]> a = new ArrayList<>();
            double[] c = new double[n];
            boolean[][] v = new boolean[n][];
            for (int i = 0; i < n; i++) {
                int row = p * runs + (runs == 1 ? 0 : i);
                a.add(answers[row]);
                c[i] = confidence[row];
                v[i] = validAfter[row];
            }
            all.add(new Samples(puzzles.get(p), a, c, v));
        }
        return all;
    }

    /** The seed of sample i of puzzle p: derived from (base, p), then i. */
    public static long sampleSeed(long base, int puzzle, int sample) {
        return NoiseSeeds.derive(NoiseSeeds.derive(base, puzzle), sample);
    }

    /**
     * The core of width: {@code segments} segments of the sequences in {@code inputs}, all at
     * once as rows of one batch, on {@code tape} and recording nothing. In segment k, row r
     * draws its noise from derive(seeds[r], k) ({@link NoiseSeeds}); a model that draws no
     * noise ignores the seeds. {@code after} sees every segment's output (k from 0).
     *
     * @return the last segment's output
     */
    public static SegmentOutput run(Tape tape, RefinementModel model, int[] inputs, long[] seeds, int segments,
                                    BiConsumer<Integer, SegmentOutput> after) {
        Carry carry = model.initialCarry(seeds.length);
        SegmentOutput out = null;
        for (int k = 0; k < segments; k++) {
            long[] now = NoiseSeeds.next(seeds, k);
            Carry from = carry;
            out = tape.noGrad(() -> model instanceof StochasticModel s ? s.sample(tape, from, inputs, now)
                    : model.segment(tape, from, inputs));
            carry = out.carry();
            after.accept(k, out);
        }
        return out;
    }

    /** The mean over a sequence's positions of log softmax(logits)[argmax]. */
    static double meanLogProbability(DMatrixRMaj logits, int firstRow, int rows) {
        double total = 0;
        int v = logits.numCols;
        for (int r = firstRow; r < firstRow + rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < v; c++) {
                max = Math.max(max, logits.data[r * v + c]);
            }
            double sum = 0;
            for (int c = 0; c < v; c++) {
                sum += Math.exp(logits.data[r * v + c] - max);
            }
            total -= Math.log(sum);
        }
        return total / rows;
    }

    // ------------------------------------------------------------------ over N

    /**
     * The measures of width at N = ns[0], ns[1], …: accuracy of each aggregate, and the mean
     * number of distinct solutions found per puzzle.
     *
     * @param n          the widths
     * @param vote       exact accuracy of the majority vote
     * @param confidence exact accuracy of the most confident sample
     * @param pass       pass@N: some sample right (the oracle's accuracy, an upper bound)
     * @param distinct   distinct valid answers per puzzle, on average
     */
    public record Curve(int[] n, double[] vote, double[] confidence, double[] pass, double[] distinct) {

        /** The accuracy of {@code aggregate} at the i-th width. */
        public double accuracy(Aggregate aggregate, int i) {
            return switch (aggregate) {
                case VOTE -> vote[i];
                case CONFIDENCE -> confidence[i];
                case ORACLE -> pass[i];
            };
        }
    }

    /** The curve of {@code samples} (each of at least max(ns) samples) at the widths {@code ns}. */
    public static Curve curve(List<Samples> samples, int[] ns) {
        double[] vote = new double[ns.length];
        double[] conf = new double[ns.length];
        double[] pass = new double[ns.length];
        double[] distinct = new double[ns.length];
        for (int j = 0; j < ns.length; j++) {
            for (Samples s : samples) {
                vote[j] += s.right(Aggregate.VOTE, ns[j]) ? 1 : 0;
                conf[j] += s.right(Aggregate.CONFIDENCE, ns[j]) ? 1 : 0;
                pass[j] += s.right(Aggregate.ORACLE, ns[j]) ? 1 : 0;
                distinct[j] += s.distinctValid(ns[j]);
            }
            int m = Math.max(1, samples.size());
            vote[j] /= m;
            conf[j] /= m;
            pass[j] /= m;
            distinct[j] /= m;
        }
        return new Curve(ns.clone(), vote, conf, pass, distinct);
    }

    /** 1, 2, 4, … up to {@code n}, and n itself. */
    public static int[] doublings(int n) {
        List<Integer> ns = new ArrayList<>();
        for (int w = 1; w < n; w *= 2) {
            ns.add(w);
        }
        ns.add(n);
        return ns.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * What one segment of one sequence costs at inference, as the Meter counts it: FLOPs and
     * sequential depth in mixing steps (layer applications). N samples of S segments cost
     * N·S times the FLOPs and S times the depth.
     */
    public record Cost(long flopsPerSegment, int depthPerSegment) {
    }

    /** The cost of one segment of {@code model} on {@code puzzle}, measured. */
    public static Cost cost(RefinementModel model, Puzzle puzzle) {
        Meter meter = Meter.measuringMixing();
        Tape tape = Tape.metered(meter);
        int[] inputs = puzzle.inputTokens();
        long[] seeds = {sampleSeed(0, 0, 0)};
        SegmentOutput out = tape.noGrad(() -> model instanceof StochasticModel s
                ? s.sample(tape, model.initialCarry(1), inputs, seeds) : model.segment(tape, model.initialCarry(1), inputs));
        return new Cost(meter.flops(), meter.mixingDepth(out.logits()));
    }
}

package org.depthlab.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecoderConfig;
import org.depthlab.models.DecodingState;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.TrmConfig;
import org.depthlab.nn.SwiGlu;
import org.depthlab.solve.CspSolver;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuCsp;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The numeric exercises' reference answers are what the code measures: each is recomputed here
 * with the project's own models, meter, solver or mask, from the configuration the exercise's
 * instructions give, so an answer cannot silently disagree with the code it is about.
 */
class ExerciseAnswersTest {

    private static double answer(String id) throws IOException {
        JsonNode json = new ObjectMapper().readTree(Files.readString(Path.of("exercises", id, "reference", "answer.json")));
        return json.get("value").asDouble();
    }

    @Test
    void lightConeReachIsWhatTheMaskAllowsAfterThreeLayers() throws IOException {
        AttentionMask mask = AttentionMask.local(2);
        boolean[] reach = new boolean[40];
        reach[20] = true;
        for (int layer = 0; layer < 3; layer++) {
            boolean[] next = reach.clone();
            for (int i = 0; i < 40; i++) {
                for (int j = 0; j < 40; j++) {
                    next[j] |= reach[i] && mask.allows(i, j);
                }
            }
            reach = next;
        }
        int count = 0;
        for (boolean b : reach) {
            count += b ? 1 : 0;
        }
        assertEquals(answer("light-cone-reach"), count);
    }

    @Test
    void matmulFlopsAreWhatTheMeterCounts() throws IOException {
        Meter meter = new Meter();
        Tape tape = Tape.metered(meter);
        tape.matmulTransB(Tensor.constant(new DMatrixRMaj(32 * 36, 64)), Tensor.constant(new DMatrixRMaj(128, 64)));
        assertEquals(answer("matmul-flops"), meter.flops());
    }

    @Test
    void swiGluWidthIsHrmsRuleOnTheLibrarysRounding() throws IOException {
        int rounded = SwiGlu.innerWidth(512, 4.0);
        assertEquals(answer("swiglu-width"), (rounded + 255) / 256 * 256);
    }

    @Test
    void fullBackpropBytesAreWhatTheTapeKeepsAtTwelveLoops() throws IOException {
        RefinementModel model = new LoopedConfig(5, 4, 8, 2, 2.0, 1, 12).build(1);
        Tape tape = new Tape();
        model.segment(tape, model.initialCarry(1), new SplittableRandom(1).ints(model.seqLen(), 0, 5).toArray());
        assertEquals(answer("full-backprop-bytes"), tape.bytesRetained());
        // The instructions quote the figure's first three values: the same model at K = 1, 2, 3.
        String instructions = Files.readString(Path.of("exercises/full-backprop-bytes/instructions.md"));
        Matcher m = Pattern.compile("([\\d,]+) bytes at \\$K = 1\\$ loop, ([\\d,]+) at \\$K = 2\\$, ([\\d,]+) at \\$K = 3\\$").matcher(instructions);
        org.junit.jupiter.api.Assertions.assertTrue(m.find(), "the instructions quote bytes at K = 1, 2, 3");
        for (int k = 1; k <= 3; k++) {
            RefinementModel small = new LoopedConfig(5, 4, 8, 2, 2.0, 1, k).build(1);
            Tape t = new Tape();
            small.segment(t, small.initialCarry(1), new SplittableRandom(1).ints(small.seqLen(), 0, 5).toArray());
            assertEquals(Long.parseLong(m.group(k).replace(",", "")), t.bytesRetained(), "K = " + k);
        }
    }

    @Test
    void trmDepthIsWhatTheMeterMeasures() throws IOException {
        RefinementModel trm = new TrmConfig(5, 4, 8, 2, 2.0, 2, 3, 6, false).build(1);
        Tape tape = new Tape();
        int depth = tape.noGrad(() -> trm.segment(tape, trm.initialCarry(1), new int[] {1, 2, 3, 4})).logits().layerDepth();
        assertEquals(answer("trm-depth"), depth);
    }

    @Test
    void decodingDepthIsWhatTheMeterMeasuresAtTheTwentiethToken() throws IOException {
        Decoder decoder = new DecoderConfig(5, 20, 8, 2, 2.0, 3, Positions.ROPE).build(1);
        Tape tape = new Tape();
        int[] inputs = new SplittableRandom(1).ints(20, 0, 5).toArray();
        int depth = tape.noGrad(() -> {
            DecodingState s = decoder.start(tape, inputs, true);
            for (int t = 1; t < 20; t++) {
                s = decoder.next(tape, s, new int[] {1});
            }
            return s.scores().layerDepth();
        });
        assertEquals(answer("decoding-depth"), depth);
    }

    @Test
    void solverBacktracksAreWhatTheSolverCountsOnThePuzzle() throws IOException {
        String instructions = Files.readString(Path.of("exercises/solver-backtracks/instructions.md"));
        Matcher m = Pattern.compile("(?m)^([.1-6]{36})$").matcher(instructions);
        org.junit.jupiter.api.Assertions.assertTrue(m.find(), "the instructions show a 6x6 puzzle");
        long backtracks = new CspSolver().solve(new SudokuCsp(Sudoku.parse(m.group(1)))).backtracks();
        assertEquals(answer("solver-backtracks"), backtracks);
    }

    @Test
    void subtaskAccuracyIsWhatTheMetricsComputeOnTheThreeAnswers() throws IOException {
        String[][] rows = {
            {".....32..23..1..", "2413132442313142"},
            {".2....2..34....3", "42313124........"},
            {".3..2.....4.4..1", "1342241313424231"}};
        java.util.List<org.depthlab.tasks.Puzzle> puzzles = new java.util.ArrayList<>();
        java.util.List<int[]> answers = new java.util.ArrayList<>();
        for (String[] r : rows) {
            org.depthlab.tasks.SudokuPuzzle p = org.depthlab.tasks.SudokuPuzzle.of(Sudoku.parse(r[0]));
            puzzles.add(p);
            // An answer may break the rules (the third does), so it is read as tokens, not as a grid.
            answers.add(r[1].chars().map(c -> c == '.' ? org.depthlab.tasks.Tokens.BLANK : c - '0' + 1).toArray());
        }
        double sAcc = org.depthlab.decode.Lr2BenchMetrics.of(puzzles, answers).orElseThrow().subtaskAccuracy();
        assertEquals(answer("subtask-accuracy"), sAcc, 0.001);
    }

    @Test
    void gradientDescentErrorIsWhatTheBaselineComputesAfterFourSteps() throws IOException {
        org.depthlab.tasks.QuadraticProgram qp = org.depthlab.tasks.QuadraticProgram.parse("qp2 A=1,0,0,0.1 b=1,1");
        double error = org.depthlab.solve.QpSolvers.relativeError(org.depthlab.solve.QpSolvers.gradientDescent(qp, 4)[4],
                qp.solution());
        assertEquals(answer("gd-four-steps"), error, 0.001);
    }

    /**
     * The majority of five independent samples, each right with probability 0.6, every wrong
     * one the same wrong answer: every outcome of the five enumerated, voted by the project's
     * own vote ({@link org.depthlab.train.Width.Samples#right}), weighted by its probability.
     */
    @Test
    void majorityVoteAccuracyIsWhatWidthsVoteGivesOverEveryOutcome() throws IOException {
        double p = 0.6;
        int n = 5;
        double total = 0;
        for (int outcome = 0; outcome < 1 << n; outcome++) {
            java.util.List<int[]> answers = new java.util.ArrayList<>();
            boolean[][] valid = new boolean[n][];
            double probability = 1;
            for (int i = 0; i < n; i++) {
                boolean right = (outcome >> i & 1) == 1;
                answers.add(new int[] {right ? 1 : 2});
                valid[i] = new boolean[] {right};
                probability *= right ? p : 1 - p;
            }
            org.depthlab.train.Width.Samples samples = new org.depthlab.train.Width.Samples(null, answers,
                    new double[n], valid);
            total += samples.right(org.depthlab.train.Width.Aggregate.VOTE, n) ? probability : 0;
        }
        assertEquals(answer("majority-vote"), total, 1e-12);
    }

    @Test
    void equalFlopsUpdatesAreWhatTheLabTrainedTrmFor() throws IOException {
        // The instructions' numbers are the committed sudoku6-compare report's; the answer is
        // the number of updates the lab's plan gave TRM from them.
        JsonNode rows = new ObjectMapper().readTree(Files.readString(Path.of("book/results/sudoku6-compare.json"))).get("rows");
        long loop = 0;
        long trm = 0;
        long trmUpdates = 0;
        for (JsonNode row : rows) {
            if (row.get("model").asText().equals("looped")) {
                loop = row.get("flopsPerUpdate").asLong();
                assertEquals(2000, row.get("updates").asLong());
            } else if (row.get("model").asText().equals("trm")) {
                trm = row.get("flopsPerUpdate").asLong();
                trmUpdates = row.get("updates").asLong();
            }
        }
        String instructions = Files.readString(Path.of("exercises/equal-flops-updates/instructions.md"));
        assertTrue(instructions.contains(String.format(java.util.Locale.ROOT, "%,d", loop)), "the loop's cost in the instructions");
        assertTrue(instructions.contains(String.format(java.util.Locale.ROOT, "%,d", trm)), "TRM's cost in the instructions");
        assertEquals(Math.round(2000.0 * loop / trm), answer("equal-flops-updates"));
        assertEquals(trmUpdates, answer("equal-flops-updates"));
    }
}

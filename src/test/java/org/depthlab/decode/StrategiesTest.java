package org.depthlab.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.depthlab.claims.RandomCsp;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecoderConfig;
import org.depthlab.models.DecodingState;
import org.depthlab.models.Positions;
import org.depthlab.solve.Csp;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.GreedyDecoder;
import org.depthlab.solve.SolverResult;
import org.depthlab.solve.VariableOrder;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuCsp;
import org.depthlab.tasks.Tokens;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** The decoding strategies' exact properties, on random models and random puzzles. */
class StrategiesTest {

    /** A random CSP puzzle of any difficulty ({@link RandomCsp}). */
    static Csp randomCsp(SplittableRandom rng) {
        return RandomCsp.draw(rng);
    }

    /** The puzzle's input tokens: blank 1 where open, value v as token v + 2. */
    static int[] inputs(Csp csp) {
        int[] t = new int[csp.variableCount()];
        for (int x = 0; x < t.length; x++) {
            t[x] = csp.given(x) < 0 ? Tokens.BLANK : Tokens.ofValue(csp.given(x));
        }
        return t;
    }

    /** A small decoder with random weights for puzzles of this CSP's shape. */
    static Decoder randomDecoder(Csp csp, long seed) {
        return new DecoderConfig(csp.valueCount() + 2, csp.variableCount(), 8, 2, 2.0, 1, Positions.LEARNED)
                .build(seed);
    }

    /** The same decoder with its output head zeroed: every token gets the same score at every position. */
    static Decoder uniformDecoder(Csp csp) {
        Decoder d = randomDecoder(csp, 1);
        for (Tensor p : d.parameters()) {
            if (p.name().equals("lm_head.weight")) {
                p.value().zero();
            }
        }
        return d;
    }

    private static Decoding run(Strategy strategy, Decoder decoder, Csp csp) {
        Tape tape = new Tape();
        return tape.noGrad(() -> strategy.decode(decoder, tape, inputs(csp), Optional.of(csp)));
    }

    /** The (position, value) of every token chosen (not forced), in order. */
    private static List<List<Integer>> choices(Decoding d) {
        List<List<Integer>> out = new ArrayList<>();
        for (Decoding.Event e : d.events()) {
            if (e instanceof Decoding.Commit c && !c.forced()) {
                out.add(List.of(c.position(), c.token() - Tokens.VALUE_BASE));
            }
        }
        return out;
    }

    private static int[] valuesOf(int[] tokens) {
        return Arrays.stream(tokens).map(t -> t - Tokens.VALUE_BASE).toArray();
    }

    /**
     * Claim: with a model that scores every value alike, constrained greedy decoding makes
     * exactly the choices of the classical greedy committing decoder in index order — the same
     * values at the same positions in the same order, the same number of steps, the same dead
     * end.
     */
    @Test
    void withUniformScoresConstrainedGreedyMakesTheGreedyDecodersChoices() {
        AtomicInteger solved = new AtomicInteger();
        AtomicInteger stuck = new AtomicInteger();
        Props.qt(150).forAll(longs().all()).checkAssert(seed -> {
            Csp csp = randomCsp(new SplittableRandom(seed));
            GreedyDecoder.Result g = new GreedyDecoder(VariableOrder.INDEX).decode(csp);
            Decoding d = run(new ConstrainedGreedy(), uniformDecoder(csp), csp);
            List<List<Integer>> expected = new ArrayList<>();
            for (int x = 0; x < csp.variableCount(); x++) {
                if (csp.given(x) < 0 && g.values()[x] >= 0) {
                    expected.add(List.of(x, g.values()[x]));
                }
            }
            assertEquals(g.solved(), d.complete(), "solved");
            assertEquals(expected, choices(d), "the choices, in order");
            assertEquals(g.steps(), d.nodes(), "steps");
            assertEquals(g.deadEnd(), d.deadEnd(), "dead end");
            if (g.solved()) {
                assertArrayEquals(g.values(), valuesOf(d.answer()));
                solved.incrementAndGet();
            } else {
                stuck.incrementAndGet();
            }
        });
        assertTrue(solved.get() > 20 && stuck.get() > 20, solved + " solved, " + stuck + " stuck");
    }

    /**
     * Claim: with a model that scores every value alike, backtracking decoding makes exactly
     * the CSP solver's choices in index order — every node in the same order, the same
     * backtracks as retractions, the same first solution (or none).
     */
    @Test
    void withUniformScoresBacktrackingMakesTheCspSolversChoices() {
        AtomicInteger withBacktracks = new AtomicInteger();
        AtomicInteger unsolvable = new AtomicInteger();
        Props.qt(150).forAll(longs().all()).checkAssert(seed -> {
            Csp csp = randomCsp(new SplittableRandom(seed));
            List<List<Integer>> tried = new ArrayList<>();
            SolverResult r = new CspSolver(VariableOrder.INDEX).solve(csp, (x, v) -> tried.add(List.of(x, v)));
            assertEquals(r.nodes(), tried.size(), "the solver's listener sees every node");
            Decoding d = run(new Backtracking(Long.MAX_VALUE), uniformDecoder(csp), csp);
            assertEquals(tried, choices(d), "the nodes, in order");
            assertEquals(r.nodes(), d.nodes(), "nodes");
            assertEquals(r.backtracks(), d.retractions(), "backtracks and retractions");
            assertEquals(r.solved(), d.complete(), "solved");
            if (r.solved()) {
                assertArrayEquals(r.first(), valuesOf(d.answer()));
            } else {
                unsolvable.incrementAndGet();
            }
            if (r.backtracks() > 0) {
                withBacktracks.incrementAndGet();
            }
        });
        assertTrue(withBacktracks.get() > 20 && unsolvable.get() > 5,
                withBacktracks + " with backtracks, " + unsolvable + " unsolvable");
    }

    /** Replays a decoding's events onto an empty answer: commits write, retractions clear. */
    private static int[] replay(Decoding d, int length) {
        int[] answer = new int[length];
        for (Decoding.Event e : d.events()) {
            if (e instanceof Decoding.Commit c) {
                assertEquals(Tokens.PAD, answer[c.position()], "a commit onto a written cell at " + c.position());
                answer[c.position()] = c.token();
            } else if (e instanceof Decoding.Retract r) {
                assertEquals(r.token(), answer[r.position()], "a retraction of a token not written at " + r.position());
                answer[r.position()] = Tokens.PAD;
            }
        }
        return answer;
    }

    /**
     * Claim: every strategy's events replay to its answer — commits write an empty cell,
     * retractions clear a written one. (That committing strategies never retract is the claim
     * {@link org.depthlab.claims.PrefixMonotonicity}, tested in the claims package.)
     */
    @Test
    void everyStrategysEventsReplayToItsAnswer() {
        Props.qt(60).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            Csp csp = randomCsp(rng);
            Decoder decoder = randomDecoder(csp, seed);
            for (Strategy s : List.of(new Greedy(), new BeamSearch(3), new ConstrainedGreedy(), new Backtracking(50))) {
                Decoding d = run(s, decoder, csp);
                assertArrayEquals(d.answer(), replay(d, csp.variableCount()), s.name() + ": events replay to the answer");
            }
        });
    }

    /**
     * Claim: backtracking decoding is sound and complete within its budget, whatever the
     * model — a complete answer is a solution; with an unlimited budget it finds one iff one
     * exists; an incomplete answer within the budget means there is none. Its retraction count
     * is the number of retractions it records, and a solved search made exactly
     * (open positions + retractions) nodes.
     */
    @Test
    void backtrackingFindsASolutionWheneverOneExistsWithinItsBudget() {
        AtomicInteger retracted = new AtomicInteger();
        Props.qt(120).forAll(longs().all(), integers().between(1, 60)).checkAssert((seed, budget) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            Csp csp = randomCsp(rng);
            Decoder decoder = randomDecoder(csp, seed);
            boolean solvable = new CspSolver().solve(csp).solved();
            for (long b : new long[] {Long.MAX_VALUE, budget}) {
                Decoding d = run(new Backtracking(b), decoder, csp);
                long recorded = d.events().stream().filter(e -> e instanceof Decoding.Retract r && !r.forced()).count();
                assertEquals(recorded, d.retractions(), "retractions reported");
                if (d.complete()) {
                    assertTrue(csp.isSolution(valuesOf(d.answer())), "a complete answer must be a solution");
                    long open = Arrays.stream(inputs(csp)).filter(t -> t == Tokens.BLANK).count();
                    assertEquals(open + d.retractions(), d.nodes(), "nodes = open + retractions");
                } else if (!d.budgetExhausted()) {
                    assertFalse(solvable, "gave up within its budget on a solvable puzzle");
                } else {
                    assertEquals(b, d.nodes(), "stopped at the budget");
                }
                if (b == Long.MAX_VALUE) {
                    assertEquals(solvable, d.complete(), "with no budget: solved iff solvable");
                }
                if (d.retractions() > 0) {
                    retracted.incrementAndGet();
                }
            }
        });
        assertTrue(retracted.get() > 20, "retractions should be common: " + retracted);
    }

    /** The decoder's segment for one puzzle: the argmax at every position, givens included. */
    private static int[] segmentArgmax(Decoder decoder, Csp csp) {
        Tape tape = new Tape();
        org.ejml.data.DMatrixRMaj logits = decoder.segment(tape, decoder.initialCarry(1), inputs(csp)).logits().value();
        int[] fromSegment = new int[logits.numRows];
        for (int r = 0; r < logits.numRows; r++) {
            double[] row = Arrays.copyOfRange(logits.data, r * logits.numCols, (r + 1) * logits.numCols);
            fromSegment[r] = Scores.ranked(row, Scores.all(row.length))[0];
        }
        return fromSegment;
    }

    /** Whether {@code answer} holds every given of the puzzle as given. */
    private static boolean keepsTheGivens(int[] answer, Csp csp) {
        for (int x = 0; x < csp.variableCount(); x++) {
            if (csp.given(x) >= 0 && answer[x] != Tokens.ofValue(csp.given(x))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Greedy on one puzzle is what the decoder's segment does for a batch wherever the segment's
     * argmax keeps the givens; beam width 1 and top-1 sampling are greedy.
     */
    @Test
    void greedyIsTheSegmentAndTheDegenerateBeamAndSample() {
        AtomicInteger equal = new AtomicInteger();
        Props.qt(30).forAll(longs().all()).checkAssert(seed -> {
            Csp csp = randomCsp(new SplittableRandom(seed));
            Decoder decoder = randomDecoder(csp, seed);
            Decoding greedy = run(new Greedy(), decoder, csp);
            int[] fromSegment = segmentArgmax(decoder, csp);
            if (keepsTheGivens(fromSegment, csp)) {
                assertArrayEquals(fromSegment, greedy.answer());
                equal.incrementAndGet();
            }
            assertArrayEquals(greedy.answer(), run(new BeamSearch(1), decoder, csp).answer());
            assertArrayEquals(greedy.answer(), run(new Sampling(1.0, 1, seed), decoder, csp).answer());
        });
        assertTrue(equal.get() > 0, "some segment keeps its givens");
    }

    /**
     * Claim: greedy decoding, sampling and beam search never write over a given — every given
     * is committed as given (a forced commit, not a choice), whatever the model scores. The
     * contrast is the model's own argmax ({@link Decoder#segment}), which does write over
     * givens on some of these random decoders.
     */
    @Test
    void noUnconstrainedStrategyWritesOverAGiven() {
        AtomicInteger overwrittenByArgmax = new AtomicInteger();
        Props.qt(60).forAll(longs().all()).checkAssert(seed -> {
            Csp csp = randomCsp(new SplittableRandom(seed));
            Decoder decoder = randomDecoder(csp, seed);
            for (Strategy s : List.of(new Greedy(), new Sampling(1.5, 0, seed), new BeamSearch(3))) {
                Decoding d = run(s, decoder, csp);
                assertTrue(keepsTheGivens(d.answer(), csp), s.name() + " wrote over a given: " + Arrays.toString(
                        d.answer()));
                long givens = Arrays.stream(inputs(csp)).filter(t -> t != Tokens.BLANK).count();
                assertEquals(csp.variableCount() - givens, choices(d).stream().map(c -> c.get(0)).distinct().count(),
                        s.name() + ": exactly the open positions are chosen");
                for (Decoding.Event e : d.events()) {
                    if (e instanceof Decoding.Commit c) {
                        assertEquals(csp.given(c.position()) >= 0, c.forced(), s.name() + ": forced iff a given");
                    }
                }
            }
            if (!keepsTheGivens(segmentArgmax(decoder, csp), csp)) {
                overwrittenByArgmax.incrementAndGet();
            }
        });
        assertTrue(overwrittenByArgmax.get() > 10, "the argmax alone writes over givens: " + overwrittenByArgmax);
    }

    /** Same seed, same answer; and the seed matters. */
    @Test
    void samplingIsSeeded() {
        Csp csp = new SudokuCsp(Sudoku.empty(Sudoku.Shape.SIX));
        Decoder decoder = randomDecoder(csp, 3);
        Decoding a = run(new Sampling(2.0, 0, 7), decoder, csp);
        assertArrayEquals(a.answer(), run(new Sampling(2.0, 0, 7), decoder, csp).answer());
        assertNotEquals(Arrays.toString(a.answer()), Arrays.toString(run(new Sampling(2.0, 0, 8), decoder, csp).answer()));
    }

    /** Claim: a beam as wide as the whole answer space returns the answer of highest probability (brute force). */
    @Test
    void anExhaustiveBeamFindsTheMostProbableAnswer() {
        Props.qt(20).forAll(longs().all()).checkAssert(seed -> {
            Decoder decoder = new DecoderConfig(3, 3, 4, 2, 2.0, 1, Positions.ROPE).build(seed);
            int[] inputs = new SplittableRandom(seed).ints(3, 0, 3).toArray();
            double best = Double.NEGATIVE_INFINITY;
            int[] argBest = null;
            Tape tape = new Tape();
            for (int code = 0; code < 27; code++) {
                int[] answer = {code / 9, code / 3 % 3, code % 3};
                DecodingState s = decoder.start(tape, inputs, true);
                double logP = 0;
                for (int token : answer) {
                    logP += Scores.logProbabilities(s.scoresOf(0))[token];
                    s = decoder.next(tape, s, new int[] {token});
                }
                if (logP > best) {
                    best = logP;
                    argBest = answer;
                }
            }
            Decoding beam = tape.noGrad(() -> new BeamSearch(27).decode(decoder, tape, inputs, Optional.empty()));
            assertArrayEquals(argBest, beam.answer());
        });
    }
}

package org.depthlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecoderConfig;
import org.depthlab.models.DecodingState;
import org.depthlab.models.Positions;
import org.depthlab.tensor.Backend;
import org.depthlab.tensor.Backends;
import org.depthlab.tensor.Tape;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Greedy decoding throughput, in answer tokens per second, with and without the KV cache, for
 * answers of 16, 36 and 81 cells (4×4, 6×6 and 9×9 Sudoku): a decoder of 2 causal blocks,
 * hidden 64, 2 heads, expansion 4, learned positions, random weights (speed does not depend
 * on what the weights say).
 *
 * <p>One operation decodes one puzzle end to end: read the S puzzle tokens, then S times take
 * the highest-scoring token and feed it back. With the cache each step runs one new position
 * through the blocks, attending over the prefix; without it each step reruns the whole stream
 * so far. The {@code tokens} counter reports answer tokens per second; the ratio of the two
 * rows at the same length is what the cache buys (it grows with the length: the uncached
 * decoder does one power more work).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {

    @Param({"16", "36", "81"})
    public int answerLength;

    @Param({"true", "false"})
    public boolean cached;

    /** A name for {@link Backends#named(String)}; the default backend unless given. */
    @Param({"blocked"})
    public String backend;

    private Backend kernels;
    private Decoder decoder;
    private int[] puzzle;

    /** Answer tokens written, reported by JMH as a rate (tokens per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Tokens {
        public long tokens;

        @Setup(Level.Iteration)
        public void clean() {
            tokens = 0;
        }
    }

    @Setup
    public void setUp() {
        kernels = Backends.named(backend);
        int size = (int) Math.round(Math.sqrt(answerLength));
        DecoderConfig config = new DecoderConfig(size + 2, answerLength, 64, 2, 4.0, 2, Positions.LEARNED);
        decoder = config.build(42);
        puzzle = new SplittableRandom(7).ints(answerLength, 1, size + 2).toArray();
    }

    @Benchmark
    public int greedyDecoding(Tokens counter) {
        Tape tape = new Tape(kernels, null);
        int last = tape.noGrad(() -> {
            DecodingState state = decoder.start(tape, puzzle, cached);
            int token = 0;
            while (!state.isComplete()) {
                double[] scores = state.scoresOf(0);
                token = 0;
                for (int v = 1; v < scores.length; v++) {
                    if (scores[v] > scores[token]) {
                        token = v;
                    }
                }
                state = decoder.next(tape, state, new int[] {token});
            }
            return token;
        });
        counter.tokens += answerLength;
        return last;
    }
}

package org.depthlab.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.nn.Block;
import org.depthlab.nn.BlockConfig;
import org.depthlab.nn.Embedding;
import org.depthlab.nn.KvCache;
import org.depthlab.nn.Linear;
import org.depthlab.nn.Module;
import org.depthlab.nn.RmsNorm;
import org.depthlab.nn.Rope;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * An autoregressive decoder: a causal transformer that reads the puzzle, then writes the
 * answer one cell at a time, left to right, and never takes a written cell back — the model
 * the book contrasts with the refinement models ([Transformer], [MS-CoT]).
 *
 * <p>Symbols: S = seqLen puzzle tokens x, D answer positions a_0 &lt; … &lt; a_{D−1}
 * ({@link DecoderConfig#answerPositions()}), y_k the answer token at a_k. One sequence is the
 * <em>stream</em> [x_0 … x_{S−1}, y_0 … y_{D−2}] of N = S + D − 1 positions, and
 * <pre>
 *   h = Block_L(… Block_1(e))                    causal blocks (the same Block as HRM's, mask causal)
 *   p(y_k | x, y_&lt;k) = softmax(lm_head(h at stream position S − 1 + k))
 * </pre>
 * so y_0 is read off the last puzzle position and each y_k off the position of y_{k−1}. The
 * input e = √h·E_x[x] on the puzzle and √h·E_y[y] on the answer (two token tables, so the
 * model knows which part a token is in — a token-type embedding folded into the table, as in
 * BERT); with learned positions e = √h·(E[token] + P[position])/√2, as {@link TokenIo}.
 *
 * <p><b>Training</b> ({@link #trainingSegment}) is teacher forcing: the stream carries the
 * reference answer, so all D positions are predicted in one parallel pass of depth L. An
 * unlabelled (PAD) target inside the answer positions is fed as PAD.
 *
 * <p><b>Decoding</b> ({@link #start}, {@link #next}) is sequential: y_k is chosen from the
 * scores of step k and fed back for step k + 1. With the KV cache each step runs one new
 * position through the L blocks (attention over the prefix only); without it each step reruns
 * the whole stream so far. Either way the chosen token is a recorded op ({@link Tape#choose})
 * that the next step depends on, so the sequential depth of the k-th answer is k·L layer
 * applications: {@link #layerApplicationsPerSegment()} = D·L, one segment being one whole
 * greedy decoding ({@link #segment}), against L for teacher forcing.
 *
 * <p>Weights: {@code embed_tokens.weight} (puzzle, V × h), {@code embed_answer.weight}
 * (answer, V × h), {@code embed_pos.weight} (N × h, learned positions only),
 * {@code layers.i.*}, {@code lm_head.weight}.
 */
public final class Decoder implements RefinementModel {

    private final DecoderConfig config;
    private final int[] answers;
    private final int streamLength;
    private final Embedding puzzleTokens;
    private final Embedding answerTokens;
    private final Embedding positions;
    private final List<Block> layers;
    private final Linear lmHead;

    Decoder(DecoderConfig config, long seed) {
        this.config = config;
        this.answers = config.answerPositions().stream().mapToInt(Integer::intValue).toArray();
        this.streamLength = config.seqLen() + answers.length - 1;
        SplittableRandom rng = new SplittableRandom(seed);
        int h = config.hidden();
        double std = 1.0 / Math.sqrt(h);
        this.puzzleTokens = new Embedding("embed_tokens", config.vocab(), h, std, rng);
        this.answerTokens = new Embedding("embed_answer", config.vocab(), h, std, rng);
        this.positions = config.positions() == Positions.LEARNED
                ? new Embedding("embed_pos", streamLength, h, std, rng) : null;
        double theta = config.positions() == Positions.ROPE ? Rope.DEFAULT_THETA : 0;
        BlockConfig block = new BlockConfig(h, config.heads(), config.expansion(), AttentionMask.causal(), theta,
                streamLength, RmsNorm.DEFAULT_EPS, config.ffnMultiple());
        List<Block> built = new ArrayList<>();
        for (int i = 0; i < config.layers(); i++) {
            built.add(new Block("layers." + i, block, rng));
        }
        this.layers = List.copyOf(built);
        this.lmHead = new Linear("lm_head", h, config.vocab(), false, rng);
    }

    @Override
    public DecoderConfig config() {
        return config;
    }

    /** The puzzle positions written, in order (a copy). */
    public int[] answerPositions() {
        return answers.clone();
    }

    /** N = S + D − 1: positions in the stream of one sequence. */
    public int streamLength() {
        return streamLength;
    }

    @Override
    public Carry initialCarry(int sequences) {
        return new Carry(Map.of());
    }

    // ------------------------------------------------------------------ the stream

    /** √h·E[tokens] at the given stream positions, plus learned positions (then over √2). */
    private Tensor input(Tape tape, Tensor tokenRows, int sequences, int from, int count) {
        double root = Math.sqrt(config.hidden());
        if (positions == null) {
            return tape.scale(tokenRows, root);
        }
        int[] at = new int[sequences * count];
        for (int i = 0; i < at.length; i++) {
            at[i] = from + i % count;
        }
        return tape.scale(tape.add(tokenRows, positions.forward(tape, at)), root / Math.sqrt(2));
    }

    /**
     * The last hidden state at every position of the stream [puzzle; {@code answered} answer
     * tokens], all positions at once (the causal mask keeps each from seeing later ones).
     *
     * @param answerIds a column of sequences · answered answer tokens (ignored when answered is 0)
     */
    public Tensor hidden(Tape tape, int[] inputs, Tensor answerIds, int answered) {
        int sequences = sequencesIn(inputs);
        int s = config.seqLen();
        Tensor tokens = puzzleTokens.forward(tape, inputs);                 // (B·S) × h
        if (answered > 0) {
            tokens = tape.appendPositions(tokens, s, answerTokens.forward(tape, answerIds), answered);
        }
        int length = s + answered;
        Tensor h = input(tape, tokens, sequences, 0, length);               // (B·(S + answered)) × h
        for (Block block : layers) {
            h = block.forward(tape, h, length);
        }
        return h;
    }

    /** Row {@code position} of every sequence of {@code length} rows. */
    private static int[] rowAt(int sequences, int length, int position) {
        int[] rows = new int[sequences];
        for (int b = 0; b < sequences; b++) {
            rows[b] = b * length + position;
        }
        return rows;
    }

    /**
     * Scores of the answer positions laid out at their puzzle positions: (sequences · S) × V,
     * PAD-favouring zeros where nothing is written. {@code decoded} is (sequences · D) × V.
     */
    private Tensor atPuzzlePositions(Tape tape, Tensor decoded, int sequences) {
        int s = config.seqLen();
        int d = answers.length;
        if (d == s) {
            return decoded;
        }
        int[] rows = new int[sequences * s];
        Arrays.fill(rows, sequences * d);
        for (int b = 0; b < sequences; b++) {
            for (int k = 0; k < d; k++) {
                rows[b * s + answers[k]] = b * d + k;
            }
        }
        Tensor zero = Tensor.constant(new DMatrixRMaj(1, config.vocab()));
        return tape.gather(tape.concatRows(decoded, zero), rows);
    }

    // ------------------------------------------------------------------ training: teacher forcing

    /**
     * Teacher forcing: the stream holds the reference answer y_0 … y_{D−2} (from
     * {@code targets}), and every answer position is scored in one parallel pass. Logits are
     * (sequences · S) × V at the puzzle positions (zeros where nothing is written).
     */
    @Override
    public SegmentOutput trainingSegment(Tape tape, Carry carry, int[] inputs, int[] targets) {
        int sequences = sequencesIn(inputs);
        int s = config.seqLen();
        int d = answers.length;
        if (targets.length != inputs.length) {
            throw new IllegalArgumentException(targets.length + " targets for " + inputs.length + " inputs");
        }
        DMatrixRMaj fed = new DMatrixRMaj(sequences * (d - 1), 1);
        for (int b = 0; b < sequences; b++) {
            for (int k = 0; k < d - 1; k++) {
                fed.data[b * (d - 1) + k] = targets[b * s + answers[k]];
            }
        }
        Tensor h = hidden(tape, inputs, Tensor.constant(fed), d - 1);
        int[] rows = new int[sequences * d];
        for (int b = 0; b < sequences; b++) {
            for (int k = 0; k < d; k++) {
                rows[b * d + k] = b * streamLength + s - 1 + k;
            }
        }
        Tensor logits = lmHead.forward(tape, tape.gather(h, rows));
        return new SegmentOutput(carry, atPuzzlePositions(tape, logits, sequences), null, null);
    }

    // ------------------------------------------------------------------ decoding

    /**
     * Reads a batch of puzzles and scores the first answer position.
     *
     * @param cached with the KV cache (one new position per later step) or without (every
     *     step reruns the whole stream)
     */
    public DecodingState start(Tape tape, int[] inputs, boolean cached) {
        int sequences = sequencesIn(inputs);
        int s = config.seqLen();
        int[] copy = inputs.clone();
        if (!cached) {
            Tensor h = hidden(tape, copy, null, 0);
            Tensor scores = lmHead.forward(tape, tape.gather(h, rowAt(sequences, s, s - 1)));
            return new DecodingState(copy, sequences, 0, new int[0], scores, null, null);
        }
        Tensor h = input(tape, puzzleTokens.forward(tape, copy), sequences, 0, s);
        List<KvCache> caches = new ArrayList<>();
        for (Block block : layers) {
            KvCache.Step step = block.forwardCached(tape, h, s, KvCache.empty());
            h = step.output();
            caches.add(step.cache());
        }
        Tensor scores = lmHead.forward(tape, tape.gather(h, rowAt(sequences, s, s - 1)));
        return new DecodingState(copy, sequences, 0, new int[0], scores, caches, null);
    }

    /**
     * Commits one token per sequence at the next answer position and scores the position
     * after it (no model call when that was the last one). {@code state} is left as it was.
     */
    public DecodingState next(Tape tape, DecodingState state, int[] tokens) {
        int sequences = state.sequences();
        if (tokens.length != sequences) {
            throw new IllegalArgumentException(tokens.length + " tokens for " + sequences + " sequences");
        }
        Tensor chosen = tape.choose(state.scores(), tokens);
        int k = state.emitted() + 1;
        int[] written = new int[sequences * k];
        for (int b = 0; b < sequences; b++) {
            System.arraycopy(state.tokens(), b * (k - 1), written, b * k, k - 1);
            written[b * k + k - 1] = tokens[b];
        }
        if (k == answers.length) {
            return new DecodingState(state.inputs(), sequences, k, written, null, null, null);
        }
        int s = config.seqLen();
        if (!state.isCached()) {
            Tensor ids = k == 1 ? chosen : tape.appendPositions(state.answerIds(), k - 1, chosen, 1);
            Tensor h = hidden(tape, state.inputs(), ids, k);
            Tensor scores = lmHead.forward(tape, tape.gather(h, rowAt(sequences, s + k, s + k - 1)));
            return new DecodingState(state.inputs(), sequences, k, written, scores, null, ids);
        }
        // The new token sits at stream position S + k − 1; only it goes through the blocks.
        Tensor h = input(tape, answerTokens.forward(tape, chosen), sequences, s + k - 1, 1);
        List<KvCache> caches = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            KvCache.Step step = layers.get(l).forwardCached(tape, h, 1, state.caches().get(l));
            h = step.output();
            caches.add(step.cache());
        }
        return new DecodingState(state.inputs(), sequences, k, written, lmHead.forward(tape, h), caches, null);
    }

    /**
     * One segment is one whole greedy decoding with the KV cache: at every answer position the
     * highest-scoring token (ties to the lower token), fed back. Logits are each position's
     * scores at the step that wrote it, (sequences · S) × V; nothing is carried.
     */
    @Override
    public SegmentOutput segment(Tape tape, Carry carry, int[] inputs) {
        int sequences = sequencesIn(inputs);
        int d = answers.length;
        DecodingState state = start(tape, inputs, true);
        Tensor[] steps = new Tensor[d];
        for (int k = 0; k < d; k++) {
            steps[k] = state.scores();
            int[] best = new int[sequences];
            for (int b = 0; b < sequences; b++) {
                best[b] = argmax(state.scoresOf(b));
            }
            state = next(tape, state, best);
        }
        // steps are position-major (row k·B + b); the logits go sequence after sequence.
        int[] order = new int[sequences * d];
        for (int b = 0; b < sequences; b++) {
            for (int k = 0; k < d; k++) {
                order[b * d + k] = k * sequences + b;
            }
        }
        Tensor decoded = tape.gather(tape.concatRows(steps), order);
        return new SegmentOutput(carry, atPuzzlePositions(tape, decoded, sequences), null, null);
    }

    /** The highest score's index, ties to the lowest (as the evaluator reads answers). */
    static int argmax(double[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    /** D·L: the k-th answer token lies k·L layer applications deep, the last one D·L. */
    @Override
    public int layerApplicationsPerSegment() {
        return answers.length * layers.size();
    }

    /** L: the depth of one decoding step, and of the whole teacher-forced pass. */
    public int layerApplicationsPerToken() {
        return layers.size();
    }

    @Override
    public List<Tensor> parameters() {
        List<Module> parts = new ArrayList<>(Arrays.asList(puzzleTokens, answerTokens, positions));
        parts.addAll(layers);
        parts.add(lmHead);
        return Module.parametersOf(parts.toArray(Module[]::new));
    }
}

package org.depthlab.models;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.depthlab.BadInputException;
import org.depthlab.nn.BlockConfig;

/**
 * The settings a user gives to shape a model — what {@code depthlab train}'s options and a lab
 * experiment's settings both say — with their defaults, and the one place that turns them
 * into a {@link ModelConfig} for a task. Fields a model kind does not use are ignored by it
 * (an HRM has no {@code loops}).
 *
 * <p>Two fields default by kind, as the published code builds each model [HRM], [TRM]:
 * {@code ffnMultiple} (0 here means "the kind's own": 256 for hrm, trm and gram, 1 otherwise) and
 * {@code puzzleEmbLen} (0: TRM's 16; only TRM and gram, TRM with a random step, have more than one prefix
 * position).
 *
 * @param kind         transformer, looped, hrm, trm, gram or decoder
 * @param hidden       model width h
 * @param heads        attention heads
 * @param expansion    SwiGLU expansion e
 * @param layers       blocks of the transformer, the looped stack, TRM's network, the decoder
 * @param hLayers      HRM: blocks in H
 * @param lLayers      HRM: blocks in L
 * @param hCycles      HRM: N, H-steps per segment
 * @param lCycles      HRM: T, L-steps per H-step; TRM: T, recursions per segment
 * @param loops        looped: K, stack applications per segment
 * @param latentSteps  TRM: n, latent updates per recursion
 * @param mixer        TRM: the MLP-mixer variant instead of attention
 * @param positions    how positions are encoded
 * @param ffnMultiple  SwiGLU width rounded up to a multiple of this; 0 for the kind's own
 * @param puzzleEmbLen TRM and gram: prefix positions; 0 for TRM's own
 * @param latent       gram: its random step, variational or fixed ({@link GramConfig})
 * @param noise        gram: σ of fixed noise, or the prior's σ before training
 * @param beta         gram: the KL weight β of the variational model's ELBO
 * @param latentWidth  gram: the hidden width of its prior and posterior MLPs
 */
public record ModelShape(String kind, int hidden, int heads, double expansion, int layers, int hLayers, int lLayers,
                         int hCycles, int lCycles, int loops, int latentSteps, boolean mixer, Positions positions,
                         int ffnMultiple, int puzzleEmbLen, String latent, double noise, double beta,
                         int latentWidth) {

    /** The kinds, as {@code --model} spells them. */
    public static final List<String> KINDS = List.of("transformer", "looped", "hrm", "trm", "gram", "decoder");

    /** gram's default random step. */
    public static final String LATENT = GramConfig.VARIATIONAL;
    /** gram's default σ: of fixed noise, and of the prior and posterior before training. */
    public static final double NOISE = 0.3;
    /** gram's default KL weight β. */
    public static final double BETA = 0.1;
    /** gram's default width of the prior and posterior MLPs. */
    public static final int LATENT_WIDTH = 32;

    public ModelShape {
        kind = kind.strip().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw new BadInputException("the model must be transformer, looped, hrm, trm, gram or decoder, not '" + kind
                    + "'");
        }
        if (ffnMultiple < 0) {
            throw new BadInputException("the SwiGLU width multiple (ffn-multiple) must be at least 1, not " + ffnMultiple);
        }
        boolean recursive = kind.equals("trm") || kind.equals("gram");
        if (puzzleEmbLen < 0 || (puzzleEmbLen > 0 && !recursive)) {
            throw new BadInputException(recursive ? "the puzzle prefix (puzzle-emb-len) must be at least 1, not "
                    + puzzleEmbLen : "the puzzle prefix (puzzle-emb-len) is a TRM setting; " + kind
                    + " has one prefix position");
        }
        latent = latent == null ? LATENT : latent;
    }

    /** A shape with gram's latent settings at their defaults. */
    public ModelShape(String kind, int hidden, int heads, double expansion, int layers, int hLayers, int lLayers,
                      int hCycles, int lCycles, int loops, int latentSteps, boolean mixer, Positions positions,
                      int ffnMultiple, int puzzleEmbLen) {
        this(kind, hidden, heads, expansion, layers, hLayers, lLayers, hCycles, lCycles, loops, latentSteps, mixer,
                positions, ffnMultiple, puzzleEmbLen, LATENT, NOISE, BETA, LATENT_WIDTH);
    }

    /**
     * The book's defaults for {@code kind}: hidden 64, 2 heads, expansion 4, 2 layers, N = T = 2, K = 4, n = 3;
     * gram variational with σ₀ 0.3, β 0.1, latent width 32.
     */
    public static ModelShape defaults(String kind) {
        return new ModelShape(kind, 64, 2, 4, 2, 1, 1, 2, 2, 4, 3, false, Positions.LEARNED, 0, 0);
    }

    /** How a positions setting is spelled: rope, learned or none. */
    public static Positions positions(String name) {
        switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "rope": return Positions.ROPE;
            case "learned": return Positions.LEARNED;
            case "none": return Positions.NONE;
            default: throw new BadInputException("positions must be rope, learned or none, not '" + name + "'");
        }
    }

    /** The SwiGLU width multiple this shape builds with. */
    public int resolvedFfnMultiple() {
        if (ffnMultiple > 0) {
            return ffnMultiple;
        }
        return kind.equals("hrm") || kind.equals("trm") || kind.equals("gram") ? BlockConfig.HRM_FFN_MULTIPLE : 1;
    }

    /**
     * The model configuration for a task of {@code vocab} tokens and {@code seqLen} positions;
     * a decoder writes the positions that {@code targets} (the training answers) label.
     */
    public ModelConfig config(int vocab, int seqLen, List<int[]> targets) {
        int multiple = resolvedFfnMultiple();
        switch (kind) {
            case "transformer": return new TransformerConfig(vocab, seqLen, hidden, heads, expansion, layers, positions, multiple);
            case "looped": return new LoopedConfig(vocab, seqLen, hidden, heads, expansion, layers, loops, positions, multiple);
            case "hrm": return new HrmConfig(vocab, seqLen, hidden, heads, expansion, hLayers, lLayers, hCycles, lCycles,
                    positions, multiple);
            case "trm": return trm(vocab, seqLen, multiple);
            case "gram": return GramConfig.of(trm(vocab, seqLen, multiple), latent, noise, beta, latentWidth);
            default: return new DecoderConfig(vocab, seqLen, hidden, heads, expansion, layers, positions,
                    DecoderConfig.labelledPositions(targets, seqLen), multiple);
        }
    }

    private TrmConfig trm(int vocab, int seqLen, int multiple) {
        return new TrmConfig(vocab, seqLen, hidden, heads, expansion, layers, lCycles, latentSteps, mixer, positions,
                multiple, puzzleEmbLen > 0 ? puzzleEmbLen : TrmConfig.PUZZLE_EMB_LEN);
    }

    // ---------------------------------------------------------------- copies with fields changed

    /** A copy with the fields {@code change} sets, e.g. {@code shape.with(f -> f.hidden = 128)}. */
    public ModelShape with(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return f.shape();
    }

    /** The fields of a shape, to change in {@link #with}. */
    public static final class Fields {
        public String kind;
        public int hidden, heads, layers, hLayers, lLayers, hCycles, lCycles, loops, latentSteps, ffnMultiple, puzzleEmbLen,
                latentWidth;
        public double expansion, noise, beta;
        public String latent;
        public boolean mixer;
        public Positions positions;

        Fields(ModelShape s) {
            kind = s.kind; hidden = s.hidden; heads = s.heads; expansion = s.expansion; layers = s.layers;
            hLayers = s.hLayers; lLayers = s.lLayers; hCycles = s.hCycles; lCycles = s.lCycles; loops = s.loops;
            latentSteps = s.latentSteps; mixer = s.mixer; positions = s.positions; ffnMultiple = s.ffnMultiple;
            puzzleEmbLen = s.puzzleEmbLen;
            latent = s.latent; noise = s.noise; beta = s.beta; latentWidth = s.latentWidth;
        }

        ModelShape shape() {
            return new ModelShape(kind, hidden, heads, expansion, layers, hLayers, lLayers, hCycles, lCycles, loops,
                    latentSteps, mixer, positions, ffnMultiple, puzzleEmbLen, latent, noise, beta, latentWidth);
        }
    }
}

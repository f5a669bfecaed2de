package org.depthlab.models;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The shape of a model, as data: what {@code config.json} in a checkpoint holds, and all that
 * is needed (with a seed) to build the model again. One record per architecture; the
 * {@code "model"} field of the JSON names it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "model")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TransformerConfig.class, name = "transformer"),
    @JsonSubTypes.Type(value = LoopedConfig.class, name = "looped"),
    @JsonSubTypes.Type(value = HrmConfig.class, name = "hrm"),
    @JsonSubTypes.Type(value = TrmConfig.class, name = "trm"),
    @JsonSubTypes.Type(value = GramConfig.class, name = "gram"),
    @JsonSubTypes.Type(value = DecoderConfig.class, name = "decoder")})
public sealed interface ModelConfig permits TransformerConfig, LoopedConfig, HrmConfig, TrmConfig, GramConfig,
        DecoderConfig {

    /** Token vocabulary size. */
    int vocab();

    /** Positions per sequence. */
    int seqLen();

    /** Model width h. */
    int hidden();

    /** Attention heads. */
    int heads();

    /** SwiGLU expansion. */
    double expansion();

    /** How positions are encoded. */
    Positions positions();

    /**
     * The SwiGLU inner width is round(expansion·h·2/3) rounded up to a multiple of this:
     * {@link org.depthlab.nn.BlockConfig#HRM_FFN_MULTIPLE} (256) in HRM and TRM, 1 for the
     * unrounded width.
     */
    int ffnMultiple();

    /** The architecture's name as the CLI and config.json spell it. */
    String kind();

    /** Builds a fresh model with weights drawn from {@code seed}. */
    RefinementModel build(long seed);

    /** Checks the fields every architecture shares. */
    static void requireShape(String kind, int vocab, int seqLen, int hidden, int heads, double expansion) {
        if (vocab < 2 || seqLen < 1 || hidden < 2 || heads < 1 || hidden % heads != 0
                || (hidden / heads) % 2 != 0 || !(expansion > 0)) {
            throw new org.depthlab.BadInputException(kind + ": need vocab >= 2, seqLen >= 1, hidden a multiple of"
                    + " heads with an even head width, expansion > 0; got vocab " + vocab + ", seqLen " + seqLen
                    + ", hidden " + hidden + ", heads " + heads + ", expansion " + expansion);
        }
    }

    /**
     * The SwiGLU width multiple a config keeps: 0 reads as 1, because a config.json written
     * before the field existed (checkpoint format 1) has none and its model was built unrounded.
     */
    static int ffnMultiple(String kind, int value) {
        if (value < 0) {
            throw new org.depthlab.BadInputException(kind + ": the SwiGLU width multiple must be at least 1, got "
                    + value);
        }
        return value == 0 ? 1 : value;
    }

    /** Checks that a count (layers, cycles, loops) is at least 1. */
    static void requireCount(String kind, String what, int value) {
        if (value < 1) {
            throw new org.depthlab.BadInputException(kind + ": " + what + " must be at least 1, got " + value);
        }
    }
}

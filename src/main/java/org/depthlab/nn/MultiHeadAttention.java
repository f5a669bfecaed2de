package org.depthlab.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.RopeTable;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * Multi-head self-attention as in HRM's blocks: one bias-free projection to q, k, v; RoPE on q
 * and k; scaled dot-product attention per (sequence, head) under a mask; one bias-free output
 * projection.
 * <pre>
 *   [q | k | v] = x·W_qkvᵀ
 *   q, k ← RoPE(q), RoPE(k)
 *   o_h = softmax(q_h·k_hᵀ/√d + M)·v_h     for every head h   (Vaswani et al. 2017, §3.2.2)
 *   y = [o_1 | … | o_H]·W_oᵀ
 * </pre>
 * The mask M decides what kind of model this is: full (HRM, TRM), causal (a decoder) or local
 * with radius r (the light-cone experiments). Under a causal mask {@link #forwardCached} computes
 * only new positions against a {@link KvCache} of the earlier ones. Parameters: {@code name.qkv_proj.weight}
 * (3·hidden × hidden; output columns q, then k, then v, each head-major) and
 * {@code name.o_proj.weight} (hidden × hidden), the layout HRM uses.
 */
public final class MultiHeadAttention implements Module {

    private final Linear qkv;
    private final Linear out;
    private final int hidden;
    private final int heads;
    private final AttentionMask mask;
    private final Rope rope;

    /**
     * @param rope the rotary table, or {@code null} for attention without positions
     */
    public MultiHeadAttention(String name, int hidden, int heads, AttentionMask mask, Rope rope,
                              SplittableRandom rng) {
        if (heads <= 0 || hidden % heads != 0) {
            throw new IllegalArgumentException("hidden " + hidden + " does not split into " + heads + " heads");
        }
        if (rope != null && rope.headDim() != hidden / heads) {
            throw new IllegalArgumentException("RoPE table is for head width " + rope.headDim()
                    + ", heads here are " + hidden / heads + " wide");
        }
        this.qkv = new Linear(name + ".qkv_proj", hidden, 3 * hidden, false, rng);
        this.out = new Linear(name + ".o_proj", hidden, hidden, false, rng);
        this.hidden = hidden;
        this.heads = heads;
        this.mask = mask;
        this.rope = rope;
    }

    /**
     * Attention within each sequence of {@code seqLen} consecutive rows of x. The split into
     * q, k, v, their rotation and the attention of every head are one call,
     * {@link Tape#selfAttention}: on the reference path it runs them as the ops slice, rope and
     * attention; on the fast path it reads each head's blocks straight from the projection.
     */
    public Tensor forward(Tape tape, Tensor x, int seqLen) {
        Tensor projected = qkv.forward(tape, x);                  // (B·S) × 3h = [q | k | v]
        Tensor o = tape.selfAttention(projected, seqLen, heads, ropeTable(), mask);  // (B·S) × h = [o_1 | … | o_H]
        return out.forward(tape, o);                              // (B·S) × h
    }

    /**
     * Attention for {@code positions} new positions per sequence (rows of x, sequence after
     * sequence) that follow the {@code cache.length()} positions already in the cache: their
     * q, k, v are computed, k and v are appended to the cache, and the new queries attend over
     * every cached key (themselves included, the mask deciding which). The outputs equal the
     * rows {@link #forward} would give for the same positions of the whole sequence.
     *
     * @throws IllegalStateException if the mask is not causal (then earlier positions would
     *     have to see the new ones, and their cached values would be stale)
     */
    public KvCache.Step forwardCached(Tape tape, Tensor x, int positions, KvCache cache) {
        if (!mask.isCausal()) {
            throw new IllegalStateException("a KV cache needs a causal mask, not " + mask);
        }
        Tensor projected = qkv.forward(tape, x);                  // (B·n) × 3h for n new positions
        Tensor q = tape.slice(projected, 0, hidden);              // (B·n) × h
        Tensor k = tape.slice(projected, hidden, 2 * hidden);     // (B·n) × h
        Tensor v = tape.slice(projected, 2 * hidden, 3 * hidden); // (B·n) × h
        if (rope != null) {
            q = rope.apply(tape, q, positions, heads, cache.length());
            k = rope.apply(tape, k, positions, heads, cache.length());
        }
        KvCache next = cache.append(tape, k, v, positions);
        Tensor o = tape.attention(q, next.keys(), next.values(), positions, next.length(), heads, mask);
        return new KvCache.Step(out.forward(tape, o), next);
    }

    /** The weights and settings of this attention, for a fused block ({@link Block}). */
    Tensor qkvWeight() {
        return qkv.weight();
    }

    Tensor outWeight() {
        return out.weight();
    }

    RopeTable ropeTable() {
        return rope == null ? null : rope.table();
    }

    public AttentionMask mask() {
        return mask;
    }

    public int heads() {
        return heads;
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(qkv, out);
    }
}

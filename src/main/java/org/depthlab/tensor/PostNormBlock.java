package org.depthlab.tensor;

/**
 * The weights and settings of one post-norm transformer block (HRM's; see
 * {@code nn/Block.java}), as {@link Tape#inferBlock} takes them:
 * <pre>
 *   h = rms(x + attn(x)),   attn(x) = selfAttention(x·W_qkvᵀ)·W_oᵀ
 *   y = rms(h + mlp(h)),    mlp(h)  = SwiGLU-gate(h·W_gate_upᵀ)·W_downᵀ
 * </pre>
 *
 * @param qkv    W_qkv, 3h × h (q, k, v, each head-major)
 * @param out    W_o, h × h
 * @param gateUp W_gate_up, 2i × h (gate rows first)
 * @param down   W_down, h × i
 * @param heads  attention heads
 * @param rope   the rotary table for q and k, or null for none
 * @param mask   which positions attend to which
 * @param eps    RMSNorm's ε
 */
public record PostNormBlock(Tensor qkv, Tensor out, Tensor gateUp, Tensor down, int heads, RopeTable rope,
                            AttentionMask mask, double eps) {
}

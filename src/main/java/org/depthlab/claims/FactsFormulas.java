package org.depthlab.claims;

import org.depthlab.models.DecoderConfig;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.TransformerConfig;
import org.depthlab.models.TrmConfig;

/**
 * The sequential depth of one segment as the papers state it ([HRM], [TRM], [Looped] in book/references.md), per architecture, computed from
 * the configuration alone — independently of the models' own
 * {@code layerApplicationsPerSegment()}, so that the depth claim checks the models against
 * the published formulas and not against themselves:
 * <ul>
 *   <li>a stack of L blocks: L;</li>
 *   <li>one stack looped K times: K·L;</li>
 *   <li>HRM: N·T·|L| + N·|H| (N cycles of T L-steps and one H-step);</li>
 *   <li>TRM: T·(n + 1)·layers (T recursions of n latent updates and one answer update);</li>
 *   <li>an autoregressive decoder writing D tokens: D·L (each token waits for the one before).</li>
 * </ul>
 */
final class FactsFormulas {

    private FactsFormulas() {
    }

    /** Layer applications on the longest path through one segment. */
    static int layers(ModelConfig c) {
        if (c instanceof TransformerConfig t) {
            return t.layers();
        } else if (c instanceof LoopedConfig l) {
            return l.loops() * l.layers();
        } else if (c instanceof HrmConfig h) {
            return h.hCycles() * h.lCycles() * h.lLayers() + h.hCycles() * h.hLayers();
        } else if (c instanceof TrmConfig t) {
            return t.recursions() * (t.latentSteps() + 1) * t.layers();
        } else if (c instanceof DecoderConfig d) {
            return d.answerPositions().size() * d.layers();
        }
        throw new IllegalArgumentException("no published depth formula for " + c.kind());
    }

    /** The formula with the configuration's numbers, e.g. "N*T*|L| + N*|H| = 2*3*1 + 2*2" (a stack: "L"). */
    static String show(ModelConfig c) {
        if (c instanceof TransformerConfig t) {
            return "L";
        } else if (c instanceof LoopedConfig l) {
            return "K*L = " + l.loops() + "*" + l.layers();
        } else if (c instanceof HrmConfig h) {
            return "N*T*|L| + N*|H| = " + h.hCycles() + "*" + h.lCycles() + "*" + h.lLayers() + " + "
                    + h.hCycles() + "*" + h.hLayers();
        } else if (c instanceof TrmConfig t) {
            return "T*(n+1)*layers = " + t.recursions() + "*(" + t.latentSteps() + "+1)*" + t.layers();
        } else if (c instanceof DecoderConfig d) {
            return "D*L = " + d.answerPositions().size() + "*" + d.layers();
        }
        throw new IllegalArgumentException("no published depth formula for " + c.kind());
    }
}

package org.depthlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.SplittableRandom;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * The SwiGLU inner width as HRM and TRM build it ({@code models/layers.py}):
 * {@code _find_multiple(round(expansion * hidden * 2 / 3), 256)}.
 */
class SwiGluWidthTest {

    /** HRM's published block (hidden 512, expansion 4) has inner width 1536 = 6·256. */
    @Test
    void hrmsPublishedBlockHasInnerWidth1536() {
        assertEquals(1536, SwiGlu.findMultiple(SwiGlu.innerWidth(512, 4.0), BlockConfig.HRM_FFN_MULTIPLE), "round(1365.33) up to 256s");
        assertEquals(1536, BlockConfig.hrm(512, 8, 97).ffnInner());
        Block block = new Block("b", BlockConfig.hrm(512, 8, 97), new SplittableRandom(1));
        assertEquals(4 * 512 * 512 + 3 * 512 * 1536, block.parameterCount(),
                "qkv and o (4h²) and the SwiGLU's three matrices (3·h·1536): 8 such blocks are HRM's 27.3M");
    }

    /** At the book's width the rule matters: h = 64, e = 4 gives 256 where the unrounded width is 171. */
    @Test
    void atTheBooksWidthTheRuleRoundsUpByHalf() {
        assertEquals(171, SwiGlu.findMultiple(SwiGlu.innerWidth(64, 4.0), 1));
        assertEquals(256, SwiGlu.findMultiple(SwiGlu.innerWidth(64, 4.0), 256));
        SwiGlu mlp = new SwiGlu("mlp", 64, 4.0, 256, new SplittableRandom(2));
        assertEquals(256, mlp.inner());
        assertEquals(2 * 256, mlp.parameters().get(0).rows(), "gate_up_proj is 2·inner × hidden");
        assertEquals(256, mlp.parameters().get(1).cols(), "down_proj is hidden × inner");
        assertEquals(171, new Block("b", new BlockConfig(64, 2, 4.0, AttentionMask.full(), Rope.DEFAULT_THETA, 8,
                1e-5), new SplittableRandom(3)).parameters().get(3).cols(), "the 7-field BlockConfig is unrounded");
    }

    /** Python's round takes a half to the even neighbour: round(2.5) = 2, round(1.5) = 2. */
    @Test
    void halvesRoundToEvenAsInPython() {
        assertEquals(2, SwiGlu.findMultiple(SwiGlu.innerWidth(5, 0.75), 1), "0.75·5·2/3 = 2.5");
        assertEquals(2, SwiGlu.findMultiple(SwiGlu.innerWidth(3, 0.75), 1), "0.75·3·2/3 = 1.5");
        assertEquals(4, SwiGlu.findMultiple(SwiGlu.innerWidth(7, 0.75), 1), "0.75·7·2/3 = 3.5");
    }

    /**
     * Claim: the width is the smallest multiple of m that is at least round(e·h·2/3) — a
     * multiple of m, not below the rounded width, and less than m above it.
     */
    @Test
    void theWidthIsTheSmallestMultipleAtLeastTheRoundedWidth() {
        Props.qt(300).forAll(integers().between(1, 1024), doubles().between(0.25, 8), integers().between(1, 512))
                .checkAssert((hidden, expansion, multiple) -> {
                    long rounded = Math.max(1, Math.round(expansion * hidden * 2 / 3));
                    int inner = SwiGlu.findMultiple(SwiGlu.innerWidth(hidden, expansion), multiple);
                    String what = "h " + hidden + ", e " + expansion + ", m " + multiple + ": " + inner;
                    assertEquals(0, inner % multiple, what);
                    assertTrue(inner >= rounded && inner < rounded + multiple, what);
                });
    }

    @Test
    void aMultipleBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SwiGlu.findMultiple(SwiGlu.innerWidth(8, 4.0), 0));
        assertThrows(IllegalArgumentException.class, () -> new BlockConfig(8, 2, 4.0, AttentionMask.full(),
                Rope.DEFAULT_THETA, 8, 1e-5, 0));
    }
}

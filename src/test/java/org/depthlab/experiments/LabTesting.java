package org.depthlab.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny experiment for the lab's tests: 4×4 Sudoku, width 8, a few updates — seconds, not minutes. */
final class LabTesting {

    private LabTesting() {
    }

    /** The spec's JSON with {@code budget} and {@code models} filled in. */
    static String spec(String budget, String models) {
        return """
                {
                  "title": "A tiny comparison",
                  "description": "For tests.",
                  "data": [{"name": "s4", "task": "sudoku4", "train": 12, "test": 6, "seed": 3, "clues": 8}],
                  "seeds": [1, 2],
                  "common": {"hidden": 8, "heads": 2, "batch": 4, "segments": 2, "eval-every": 1},
                  "models": %s,
                  "budget": %s,
                  "evaluation": {"segmentsTimes": 2, "strategies": ["greedy", "constrained", "backtrack"],
                                 "beamWidths": [1, 2], "searchBudgets": [16, 1000], "difficulty": true},
                  "figures": ["learning-curves", "test-time-compute", "decoder-search", "difficulty", "depth"],
                  "smoke": {"updates": 2}
                }
                """.formatted(models, budget);
    }

    static final String MODELS = """
            [{"name": "looped", "settings": {"model": "looped", "layers": 1, "loops": 2}},
             {"name": "hrm", "settings": {"model": "hrm", "ffn-multiple": 1}},
             {"name": "decoder", "settings": {"model": "decoder", "layers": 1, "segments": 1}}]""";

    static final String FLOPS = "{\"match\": \"flops\", \"updates\": 6, \"of\": \"looped\"}";

    /** Writes {@code json} as {@code dir/name.json} and loads it. */
    static Spec write(Path dir, String name, String json) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".json");
            Files.writeString(file, json);
            return Spec.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tiny experiment with the equal-FLOPs budget. */
    static Spec tiny(Path dir) {
        return write(dir, "tiny", spec(FLOPS, MODELS));
    }
}

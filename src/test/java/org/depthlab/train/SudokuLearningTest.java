package org.depthlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.Positions;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuTask;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Learning, deterministically: with a fixed seed, HRM and the looped transformer each reach
 * at least 95% exact (whole-puzzle) accuracy on held-out 4×4 Sudoku. Every random choice of
 * the run derives from the seed and the arithmetic is deterministic, so the outcome is the
 * same on every machine and every run — this is not a flaky test, and not a tolerance: the
 * run either learns or it does not.
 *
 * <p>The same runs from the command line:
 * <pre>
 *   depthlab generate --task sudoku4 --count 250 --test-count 100 --clues 8 --seed 1 --out data/s4
 *   depthlab train --model hrm --task sudoku4 --train data/s4/train.txt --test data/s4/test.txt \
 *       --out runs/hrm --hidden 32 --lr 3e-3 --min-lr-ratio 0.05 --optimizer adamw --segments 4 --steps 2000
 * </pre>
 * (HRM reaches 99% there after 2,000 updates, the looped model 100% after about 500.)
 */
class SudokuLearningTest {

    private static Dataset data;

    @BeforeAll
    static void puzzles() {
        data = Dataset.generate(new SudokuTask(Sudoku.Shape.of(4), 0, 8), 250, 100, new SplittableRandom(1));
    }

    private static Evaluator.Result train(ModelConfig model, long steps) {
        TrainConfig config = TrainConfig.defaults(model.kind()).withSteps(steps).withMaxSegments(4).withLr(3e-3)
                .withMinLrRatio(0.05).withOptimizer("adamw").withEmaDecay(0).withEvalEvery(1_000_000);
        Trainer.Result result = Trainer.fresh(model.build(1), 1, config, "sudoku4", data.train(), data.test(), null,
                null).run();
        assertTrue(!result.diverged(), String.valueOf(result.stoppedBecause()));
        assertEquals(steps, result.steps());
        return result.last().test();
    }

    @Test
    void hrmReachesNinetyFivePercentExactOnHeldOutFourByFourSudoku() {
        Evaluator.Result r = train(new HrmConfig(6, 16, 32, 2, 4.0, 1, 1, 2, 2, Positions.LEARNED), 2000);
        assertEquals(100, r.puzzles());
        assertTrue(r.exact() >= 0.95, "HRM exact accuracy on held-out puzzles: " + r.exact());
    }

    @Test
    void loopedTransformerReachesNinetyFivePercentExactOnHeldOutFourByFourSudoku() {
        Evaluator.Result r = train(new LoopedConfig(6, 16, 32, 2, 4.0, 1, 2, Positions.LEARNED), 500);
        assertEquals(100, r.puzzles());
        assertTrue(r.exact() >= 0.95, "looped exact accuracy on held-out puzzles: " + r.exact());
    }
}

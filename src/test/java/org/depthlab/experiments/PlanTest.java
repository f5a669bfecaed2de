package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.depthlab.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a spec becomes runs: budgets split as they say, and folders named by what decides a result. */
class PlanTest {

    /**
     * Claim: under an equal-FLOPs budget every model's updates × its FLOPs per update is the
     * budget, to within half an update, and the models' updates differ as their costs do.
     */
    @Test
    void equalFlopsGiveEveryModelTheBudgetWithinHalfAnUpdate(@TempDir Path dir) {
        Plan plan = Plan.resolve(LabTesting.tiny(dir.resolve("specs")), Spec.Scale.REAL, dir.resolve("lab"));
        Map<String, Plan.Point> points = plan.points().stream().collect(Collectors.toMap(Plan.Point::model,
                Function.identity()));
        long budget = 6 * points.get("looped").flops().perUpdate();
        for (Plan.Point p : plan.points()) {
            long spent = p.updates() * p.flops().perUpdate();
            assertTrue(Math.abs(spent - budget) <= p.flops().perUpdate() / 2, p + " spends " + spent + " of " + budget);
        }
        assertEquals(6, points.get("looped").updates());
        assertNotEquals(points.get("hrm").updates(), points.get("decoder").updates());
        assertEquals(6, plan.runs().size(), "3 models × 2 seeds");
        assertEquals(List.of(1L, 1L, 1L, 2L, 2L, 2L), plan.runs().stream().map(Plan.Run::seed).toList(),
                "seed-major: a sweep stopped part-way leaves whole seeds");
        assertTrue(plan.budget().startsWith("Equal training FLOPs:"), plan.budget());
    }

    @Test
    void aParametersBudgetRefusesAModelOutsideItsToleranceAtRealScaleOnly(@TempDir Path dir) {
        String models = """
                [{"name": "small", "settings": {"model": "looped", "layers": 1}},
                 {"name": "big", "settings": {"model": "transformer", "layers": 3}}]""";
        Spec spec = LabTesting.write(dir, "params", LabTesting.spec(
                "{\"match\": \"parameters\", \"updates\": 3, \"tolerance\": 0.1}", models).replace(
                        "\"decoder-search\", \"difficulty\", ", ""));
        BadInputException e = assertThrows(BadInputException.class,
                () -> Plan.resolve(spec, Spec.Scale.REAL, dir.resolve("lab")));
        assertTrue(e.getMessage().matches("params: model 'big' has [0-9,]+ parameters on s4, \\d+% from small's [0-9,]+;"
                + " the spec allows 10%\\."), e.getMessage());
        assertEquals(4, Plan.resolve(spec, Spec.Scale.SMOKE, dir.resolve("lab")).runs().size());
    }

    /** Claim: a run's folder changes when what decides its result changes, and only then. */
    @Test
    void aRunsHashFollowsItsSettingsNotTheirOrder(@TempDir Path dir) {
        Path lab = dir.resolve("lab");
        Plan plan = Plan.resolve(LabTesting.tiny(dir.resolve("a")), Spec.Scale.REAL, lab);
        String reordered = LabTesting.spec(LabTesting.FLOPS, LabTesting.MODELS.replace(
                "\"model\": \"looped\", \"layers\": 1, \"loops\": 2", "\"loops\": 2, \"layers\": 1, \"model\": \"looped\""));
        Plan same = Plan.resolve(LabTesting.write(dir.resolve("b"), "tiny", reordered), Spec.Scale.REAL, lab);
        assertEquals(folders(plan), folders(same));

        String faster = LabTesting.spec(LabTesting.FLOPS, LabTesting.MODELS.replace(
                "{\"model\": \"hrm\", \"ffn-multiple\": 1}", "{\"model\": \"hrm\", \"ffn-multiple\": 1, \"lr\": 0.002}"));
        Plan changed = Plan.resolve(LabTesting.write(dir.resolve("c"), "tiny", faster), Spec.Scale.REAL, lab);
        for (int i = 0; i < plan.runs().size(); i++) {
            Plan.Run before = plan.runs().get(i);
            Plan.Run after = changed.runs().get(i);
            assertEquals(before.id(), after.id());
            assertEquals(before.model().equals("hrm"), !before.hash().equals(after.hash()), before.id());
        }
    }

    private static List<String> folders(Plan plan) {
        return plan.runs().stream().map(Plan.Run::folderName).toList();
    }
}

package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.depthlab.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specs are data a person writes: every mistake is one sentence, and every spec has a smoke version. */
class SpecTest {

    @Test
    void theBooksExperimentsLoadAndEachHasASmallerSmokeVersion() {
        List<Spec> specs = Spec.list(Path.of("book/experiments"));
        assertEquals(List.of("depth-ladder", "difficulty", "reflection", "sudoku6-compare", "width-sudoku4", "width"),
                specs.stream().map(Spec::name).toList(), "latent-iteration has its own runner");
        for (Spec s : specs) {
            Spec smoke = s.at(Spec.Scale.SMOKE);
            assertTrue(smoke.budget().updates() < s.budget().updates(), s.name());
            for (int i = 0; i < s.data().size(); i++) {
                assertTrue(smoke.data().get(i).train() < s.data().get(i).train(), s.name());
                assertTrue(smoke.data().get(i).testPuzzles() < s.data().get(i).testPuzzles(), s.name());
            }
            // Expected before a run, measured after it: either way the spec says how long it takes.
            assertTrue(s.description().matches("(?s).*(Expected wall time|Wall time) on 2 cores: .*"), s.name() + " states its wall time");
        }
    }

    @Test
    void aMisspelledFieldIsAnErrorNotIgnored(@TempDir Path dir) {
        String json = LabTesting.spec(LabTesting.FLOPS, LabTesting.MODELS).replace("\"seeds\"", "\"sedes\"");
        BadInputException e = assertThrows(BadInputException.class, () -> LabTesting.write(dir, "typo", json));
        assertTrue(e.getMessage().contains("unknown field 'sedes'"), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("typo.json").toString()), e.getMessage());
    }

    @Test
    void anUnknownSettingNamesTheSettingsThereAre(@TempDir Path dir) {
        String json = LabTesting.spec(LabTesting.FLOPS, LabTesting.MODELS.replace("\"loops\": 2", "\"loop\": 2"));
        BadInputException e = assertThrows(BadInputException.class, () -> LabTesting.write(dir, "typo", json));
        assertTrue(e.getMessage().contains("model 'looped': unknown setting 'loop'; the settings are model, hidden"),
                e.getMessage());
    }

    @Test
    void theBudgetsReferenceMustBeAModelOfTheSpec(@TempDir Path dir) {
        String json = LabTesting.spec(LabTesting.FLOPS.replace("\"looped\"", "\"loop\""), LabTesting.MODELS);
        BadInputException e = assertThrows(BadInputException.class, () -> LabTesting.write(dir, "ref", json));
        assertTrue(e.getMessage().contains("the budget's reference model 'loop' is not a model of the spec"),
                e.getMessage());
    }

    @Test
    void unknownFiguresAndStrategiesAreRefused(@TempDir Path dir) {
        String figure = LabTesting.spec(LabTesting.FLOPS, LabTesting.MODELS).replace("\"depth\"]", "\"depths\"]");
        assertTrue(assertThrows(BadInputException.class, () -> LabTesting.write(dir, "f", figure)).getMessage()
                .contains("unknown figure 'depths'"));
        String strategy = LabTesting.spec(LabTesting.FLOPS, LabTesting.MODELS).replace("\"backtrack\"", "\"retract\"");
        assertTrue(assertThrows(BadInputException.class, () -> LabTesting.write(dir, "s", strategy)).getMessage()
                .contains("unknown strategy 'retract'"));
    }

    @Test
    void theSmokeVersionOverridesSizesAndSettingsOfEveryModel(@TempDir Path dir) {
        Spec s = LabTesting.write(dir, "tiny", LabTesting.spec(LabTesting.FLOPS, LabTesting.MODELS)
                .replace("\"smoke\": {\"updates\": 2}",
                        "\"smoke\": {\"updates\": 2, \"train\": 5, \"seeds\": [7], \"common\": {\"hidden\": 4}}"));
        Spec smoke = s.at(Spec.Scale.SMOKE);
        assertEquals(2, smoke.budget().updates());
        assertEquals(5, smoke.data().get(0).train());
        assertEquals(6, smoke.data().get(0).test());
        assertEquals(List.of(7L), smoke.seeds());
        for (Spec.ModelSpec m : smoke.models()) {
            assertEquals(4L, RunSettings.merge("t", smoke.common(), m.settings()).options().get("hidden"));
        }
    }
}

package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.depthlab.BadInputException;
import org.junit.jupiter.api.Test;

/** The width part of a spec's evaluation (chapter 14): read and checked, and invisible to specs that lack it. */
class WidthSpecTest {

    /** A spec without width hashes as it did before width existed: runs already finished are found again. */
    @Test
    void anEvaluationWithoutWidthLeavesNoTraceInTheHashedJson() {
        Spec.Evaluation plain = new Spec.Evaluation(2, List.of("greedy"), List.of(), List.of(), false);
        assertEquals("{\"beamWidths\":[],\"difficulty\":false,\"searchBudgets\":[],\"segmentsTimes\":2,"
                + "\"strategies\":[\"greedy\"]}", Hashes.canonical(plain));
        Spec.Evaluation wide = new Spec.Evaluation(2, List.of("greedy"), List.of(), List.of(), false,
                new Spec.Width(List.of(1L, 4L), List.of(0.5), 10, 3));
        assertTrue(Hashes.canonical(wide).contains("\"width\":{\"noise\":[0.5],\"puzzles\":10,\"samples\":[1,4],"
                + "\"seed\":3}"), Hashes.canonical(wide));
        assertFalse(Hashes.of(plain).equals(Hashes.of(wide)));
    }

    @Test
    void theBooksWidthSpecReadsWithItsSamplesAndNoise() {
        Spec spec = Spec.find(Path.of("book/experiments"), "width");
        Spec.Width w = spec.evaluation().width();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L), w.samples());
        assertEquals(32, w.widest());
        assertTrue(spec.figures().containsAll(List.of("width", "width-vs-depth")));
        assertEquals(w, spec.at(Spec.Scale.SMOKE).evaluation().width(), "smoke scale keeps the widths");
    }

    @Test
    void badWidthsAreRefusedInOneSentence() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String spec = """
                {"title": "t", "data": [{"name": "q", "task": "queens8", "train": 4, "test": 2}],
                 "models": [{"name": "m", "settings": {"model": "trm"}}], "budget": {"match": "updates", "updates": 1},
                 "evaluation": {"width": {"samples": [0, 4]}}, "smoke": {}}""";
        BadInputException e = assertThrows(BadInputException.class, () -> Spec.parse("x.json", "x", json.readTree(spec)));
        assertTrue(e.getMessage().contains("'samples' must be a list of widths from 1 to 1024"), e.getMessage());
        String noise = spec.replace("[0, 4]}", "[1, 4], \"noise\": [-1]}");
        e = assertThrows(BadInputException.class, () -> Spec.parse("x.json", "x", json.readTree(noise)));
        assertTrue(e.getMessage().contains("'noise' must be a list of positive numbers"), e.getMessage());
    }
}

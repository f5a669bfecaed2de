package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train}'s model options that follow the published code: HRM's and TRM's SwiGLU width
 * multiple of 256 by default, TRM's 16-position prefix, {@code --positions none}; and the
 * size it prints, the count {@code inspect} gives for model.safetensors.
 */
class TrainOptionsTest {

    @TempDir
    static Path dir;
    private static Path data;

    @BeforeAll
    static void puzzles() {
        data = dir.resolve("data");
        CliRun gen = CliRun.of("generate", "--task", "sudoku4", "--count", "8", "--clues", "8", "--seed", "4",
                "--out", data.resolve("train.txt").toString());
        assertEquals(0, gen.code(), gen.err());
    }

    private static CliRun train(String out, String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--task", "sudoku4", "--train",
                data.resolve("train.txt").toString(), "--out", dir.resolve(out).toString(), "--hidden", "8",
                "--steps", "1", "--batch", "2", "--segments", "1"));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonNode model(String out) throws IOException {
        return new ObjectMapper().readTree(dir.resolve(out).resolve("config.json").toFile()).get("model");
    }

    @Test
    void hrmAndTrmRoundTheSwiGluWidthUpTo256AndTheOthersDoNot() throws IOException {
        for (String kind : List.of("hrm", "trm", "looped", "transformer")) {
            CliRun run = train(kind, "--model", kind);
            assertEquals(0, run.code(), run.out() + run.err());
            int expected = kind.equals("hrm") || kind.equals("trm") ? 256 : 1;
            assertEquals(expected, model(kind).get("ffnMultiple").asInt(), kind);
        }
        CliRun unrounded = train("hrm-1", "--model", "hrm", "--ffn-multiple", "1");
        assertEquals(0, unrounded.code(), unrounded.err());
        assertEquals(1, model("hrm-1").get("ffnMultiple").asInt());
        assertTrue(values(unrounded.out()) < values(train("hrm-256", "--model", "hrm").out()),
                "the unrounded HRM is smaller");
    }

    @Test
    void trmHasASixteenPositionPrefixAndTakesPositionsNone() throws IOException {
        CliRun run = train("trm-mlp", "--model", "trm", "--mixer", "--positions", "none");
        assertEquals(0, run.code(), run.out() + run.err());
        JsonNode m = model("trm-mlp");
        assertEquals(16, m.get("puzzleEmbLen").asInt());
        assertEquals("NONE", m.get("positions").asText());
        CliRun shorter = train("trm-4", "--model", "trm", "--puzzle-emb-len", "4");
        assertEquals(0, shorter.code(), shorter.err());
        assertEquals(4, model("trm-4").get("puzzleEmbLen").asInt());
    }

    /** Claim: the size train prints is the number of values inspect counts in model.safetensors. */
    @Test
    void trainPrintsTheCountInspectGives() {
        for (String kind : List.of("hrm", "transformer")) {
            CliRun run = train("size-" + kind, "--model", kind);
            assertEquals(0, run.code(), run.err());
            CliRun inspect = CliRun.of("inspect", dir.resolve("size-" + kind).resolve("model.safetensors").toString());
            assertEquals(0, inspect.code(), inspect.err());
            Matcher counted = Pattern.compile("tensors, (\\d+) values").matcher(inspect.out());
            assertTrue(counted.find(), inspect.out());
            assertEquals(Long.parseLong(counted.group(1)), values(run.out()), run.out());
        }
    }

    /** The total train prints for model.safetensors, or its parameter count where nothing else is saved. */
    private static long values(String out) {
        Matcher total = Pattern.compile("= ([\\d,]+) values in model\\.safetensors").matcher(out);
        if (total.find()) {
            return Long.parseLong(total.group(1).replace(",", ""));
        }
        Matcher params = Pattern.compile(": ([\\d,]+) parameters, ").matcher(out);
        assertTrue(params.find(), out);
        return Long.parseLong(params.group(1).replace(",", ""));
    }

    /** Claim: every test line says which weights it evaluated: TRM's bias-corrected average, or the trained weights. */
    @Test
    void theEpochSummarySaysWhichWeightsTheTestRan() {
        String test = data.resolve("train.txt").toString();
        CliRun trm = train("tested-trm", "--model", "trm", "--test", test);
        assertEquals(0, trm.code(), trm.err());
        assertTrue(trm.err().contains("test exact") && trm.err().contains("(EMA 0.999 of 1 update, bias-corrected)"),
                trm.err());
        CliRun hrm = train("tested-hrm", "--model", "hrm", "--test", test);
        assertTrue(hrm.err().contains("(the trained weights)"), hrm.err());
    }

    @Test
    void badModelOptionsAreOneLineAndExitTwo() {
        for (String[] bad : List.of(new String[] {"--model", "hrm", "--ffn-multiple", "0"},
                new String[] {"--model", "hrm", "--puzzle-emb-len", "16"},
                new String[] {"--model", "trm", "--puzzle-emb-len", "0"},
                new String[] {"--model", "trm", "--positions", "absolute"})) {
            CliRun run = train("bad", bad);
            assertEquals(2, run.code(), String.join(" ", bad) + ": " + run.err());
            assertTrue(run.err().startsWith("depthlab: ") && run.err().strip().lines().count() == 1, run.err());
        }
    }
}

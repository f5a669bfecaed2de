package org.depthlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.depthlab.BadInputException;
import org.depthlab.train.Checkpoint;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code train --resume}: a resumed run keeps the settings it was started with, so an option
 * given on the command line must say the same as the saved run, or it is refused — never
 * silently ignored. Rerunning the command that started the run with {@code --resume} added
 * therefore works; {@code --model looped} on an HRM run, or {@code --lr 0.5} on a run at
 * 0.001, is one line and exit code 2.
 *
 * <p>Each option is compared with the field of the saved {@code config.json} it sets (a JSON
 * pointer; {@code -T} is HRM's {@code lCycles} and TRM's {@code recursions}). The data files,
 * {@code --out} and {@code --steps} (the new total) may differ. An option this table does not
 * know is refused on resume: failing closed is the point.
 */
final class ResumeFlags {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Options a resumed run may be given freely. */
    private static final Set<String> FREE = Set.of("--resume", "--out", "--train", "--test", "--steps", "--force",
            "--help", "--version");

    /** The config.json field each model or training option sets. */
    private static final Map<String, String> FIELD = Map.ofEntries(
            Map.entry("--model", "/model/model"),
            Map.entry("--task", "/task"),
            Map.entry("--hidden", "/model/hidden"),
            Map.entry("--heads", "/model/heads"),
            Map.entry("--expansion", "/model/expansion"),
            Map.entry("--layers", "/model/layers"),
            Map.entry("--h-layers", "/model/hLayers"),
            Map.entry("--l-layers", "/model/lLayers"),
            Map.entry("--h-cycles", "/model/hCycles"),
            Map.entry("--loops", "/model/loops"),
            Map.entry("--latent-steps", "/model/latentSteps"),
            Map.entry("--mixer", "/model/mixer"),
            Map.entry("--positions", "/model/positions"),
            Map.entry("--latent", "/model/latent"),
            Map.entry("--noise", "/model/noise"),
            Map.entry("--beta", "/model/beta"),
            Map.entry("--latent-width", "/model/latentWidth"),
            Map.entry("--epochs", "/train/epochs"),
            Map.entry("--batch", "/train/batch"),
            Map.entry("--segments", "/train/maxSegments"),
            Map.entry("--lr", "/train/lr"),
            Map.entry("--warmup", "/train/warmupSteps"),
            Map.entry("--min-lr-ratio", "/train/minLrRatio"),
            Map.entry("--optimizer", "/train/optimizer"),
            Map.entry("--weight-decay", "/train/weightDecay"),
            Map.entry("--loss", "/train/loss"),
            Map.entry("--exploration", "/train/exploration"),
            Map.entry("--clip", "/train/clipNorm"),
            Map.entry("--ema", "/train/emaDecay"),
            Map.entry("--no-augment", "/train/augment"),
            Map.entry("--eval-every", "/train/evalEvery"),
            Map.entry("--seed", "/train/seed"));

    private ResumeFlags() {
    }

    /**
     * Refuses the first option given in {@code parsed} that contradicts the run saved in
     * {@code dir}, or that the saved run has no setting for.
     *
     * @throws BadInputException one sentence: the option, what the run has, and the way out
     */
    static void requireAgreement(CommandLine.ParseResult parsed, Checkpoint.Manifest saved, Path dir) {
        JsonNode run = JSON.valueToTree(saved);
        String kind = saved.model().kind();
        for (OptionSpec option : parsed.matchedOptions()) {
            String name = option.longestName();
            if (FREE.contains(name)) {
                continue;
            }
            String pointer = name.equals("--l-cycles") ? (kind.equals("trm") || kind.equals("gram") ? "/model/recursions" : "/model/lCycles")
                    : FIELD.get(name);
            if (pointer == null) {
                throw new BadInputException(name + " cannot be given with --resume: the run in " + dir
                        + " keeps the settings it was started with.");
            }
            JsonNode field = run.at(pointer);
            if (field.isMissingNode() || field.isNull()) {
                throw new BadInputException(name + " does not apply to the " + kind + " run in " + dir
                        + ": leave it out to resume it.");
            }
            Object given = option.getValue();
            // --no-augment is the negation of the saved field.
            boolean agrees = name.equals("--no-augment") ? field.asBoolean() != (Boolean) given : agrees(given, field);
            if (!agrees) {
                String had = name.equals("--no-augment") ? (field.asBoolean() ? "with augmentation" : "--no-augment")
                        : name + " " + text(field);
                String wayOut = option.required() ? "give " + had + " to resume it"
                        : "leave " + name + " out to resume it";
                throw new BadInputException("the run in " + dir + " was started with " + had + ", not " + name + " "
                        + given + ": " + wayOut + ", or start a new run elsewhere.");
            }
        }
    }

    /** Whether an option's value says what the saved field holds: numbers by value, names in any case. */
    private static boolean agrees(Object given, JsonNode saved) {
        if (given instanceof Number n && saved.isNumber()) {
            return Double.compare(n.doubleValue(), saved.asDouble()) == 0;
        }
        if (given instanceof Boolean b && saved.isBoolean()) {
            return b == saved.asBoolean();
        }
        return String.valueOf(given).strip().equalsIgnoreCase(saved.asText());
    }

    private static String text(JsonNode field) {
        return field.isTextual() ? field.asText().toLowerCase(Locale.ROOT) : field.toString();
    }
}

package org.depthlab.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.depthlab.decode.Lr2BenchMetrics;
import org.depthlab.io.AtomicFiles;

/**
 * {@code result.json}: what one finished run of an experiment measured. Its presence, with
 * the run's hash, is what "finished" means to a sweep; it holds everything the report needs,
 * so a run made on another machine is merged by copying its folder (or pointing
 * {@code report --from} at it).
 *
 * @param format          {@value Plan#FORMAT}
 * @param id              the run's id ({@code <dataset>-<model>-s<seed>})
 * @param hash            the hash of its resolved configuration
 * @param kind            the model kind
 * @param parameters      trainable parameters
 * @param layerApplications layer applications per segment (the model's effective depth)
 * @param flopsPerUpdate  training FLOPs of one update (Meter)
 * @param steps           updates trained
 * @param trainingFlops   steps × flopsPerUpdate
 * @param trainSeconds    wall time of training (resumed parts included)
 * @param evalSeconds     wall time of the evaluation after training
 * @param stoppedBecause  why training stopped early (a diverging loss), or null
 * @param version         the depthlab version (and commit, when known) that made it
 * @param curve           the held-out evaluations during training
 * @param exact           held-out exact accuracy after the trained number of segments (decoders: greedy)
 * @param cells           held-out fraction of labelled cells right, likewise
 * @param trainedSegments the segments a puzzle could use in training (and the evaluation above runs)
 * @param exactBySegment  exact accuracy after segment 1, 2, … up to segmentsTimes × trainedSegments
 * @param difficulty      exact accuracy per difficulty bucket (empty for tasks without constraints)
 * @param strategies      decoders: one row per decoding strategy
 * @param beam            decoders: exact accuracy against beam width
 * @param search          decoders: exact accuracy against backtracking's node budget
 * @param lr2             LR²Bench's metrics of the answer after the trained segments (refinement models on the
 *                        constraint tasks; null otherwise)
 * @param width           width at inference, one curve per way of sampling the model (empty when the spec
 *                        asks for none; null in a result written before width existed)
 */
public record RunResult(String format, String id, String hash, String data, String model, String family, String kind,
                        long seed, long parameters, int layerApplications, long flopsPerUpdate, long steps,
                        long trainingFlops, double trainSeconds, double evalSeconds, String stoppedBecause,
                        String version, List<CurvePoint> curve, double exact, double cells, int trainedSegments,
                        double[] exactBySegment, List<Bucket> difficulty, List<StrategyResult> strategies,
                        List<SearchPoint> beam, List<SearchPoint> search, Lr2BenchMetrics.Result lr2,
                        List<WidthEvaluation.Curve> width) {

    /** The file's name in a run's folder. */
    public static final String FILE = "result.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One held-out evaluation during training. */
    public record CurvePoint(long step, long flops, double exact, double cells) {
    }

    /**
     * Exact accuracy on the test puzzles of one difficulty bucket.
     *
     * @param low  least backtracks in the bucket
     * @param high most backtracks in the bucket
     */
    public record Bucket(long low, long high, int puzzles, double exact) {
    }

    /** One decoding strategy over the test set, with LR²Bench's metrics on the constraint tasks (else null). */
    public record StrategyResult(String strategy, double exact, double meanNodes, double meanRetractions,
                                 double meanModelCalls, int deadEnds, int budgetExhausted, List<Bucket> difficulty,
                                 Lr2BenchMetrics.Result lr2) {
    }

    /** One point of a decoder's search curve: the setting (width or budget), exact, and model calls per puzzle. */
    public record SearchPoint(long setting, double exact, double meanModelCalls) {
    }

    /** Writes {@code result.json} into {@code dir}, atomically. */
    public void write(Path dir) {
        try {
            AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(this) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result of " + id, e);
        }
    }

    /** The result in {@code dir}, or null when there is none or it cannot be read (an unfinished run). */
    public static RunResult readIfPresent(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            RunResult r = JSON.readValue(file.toFile(), RunResult.class);
            return Plan.FORMAT.equals(r.format()) ? r : null;
        } catch (IOException e) {
            return null;
        }
    }
}

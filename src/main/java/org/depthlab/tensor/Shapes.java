package org.depthlab.tensor;

/** Shape checks shared by the ops: a wrong shape is a bug, reported with both shapes. */
final class Shapes {

    private Shapes() {
    }

    static void requireSame(String op, Tensor a, Tensor b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": shapes differ, " + shape(a) + " vs " + shape(b));
        }
    }

    static void require(boolean condition, String op, String message) {
        if (!condition) {
            throw new IllegalArgumentException(op + ": " + message);
        }
    }

    static String shape(Tensor t) {
        return t.rows() + "x" + t.cols();
    }
}

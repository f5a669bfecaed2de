final class Norm {
    static double apply(double x) {
        return x;
    }
}

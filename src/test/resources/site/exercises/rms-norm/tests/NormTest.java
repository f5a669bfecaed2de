class NormTest {
}

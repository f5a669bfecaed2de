package org.depthlab.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A verdict holds no control characters, whatever the submission printed; line breaks and tabs stay. */
class VerdictTest {

    @Test
    void controlCharactersAreRemovedFromEveryText() {
        String nasty = "a\u001b[31mb\u0007c\u0000d\re\u009bf\u007f";
        Verdict v = new Verdict(Verdict.Status.FAILED, "summary " + nasty, List.of(
                new Verdict.TestResult("name" + nasty, false, "message " + nasty)), "line 1\n\tline 2 " + nasty);
        assertEquals("summary a[31mbcdef", v.summary());
        assertEquals("namea[31mbcdef", v.tests().get(0).name());
        assertEquals("message a[31mbcdef", v.tests().get(0).message());
        assertEquals("line 1\n\tline 2 a[31mbcdef", v.detail());
    }
}

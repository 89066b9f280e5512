package dev.jtune.kernel.io;

import java.io.IOException;

/** Asks the front end for one line of input (an input_request on the stdin channel). */
public interface InputRequester {
    /** @throws IOException when the cell may not read input or the request was interrupted */
    String requestLine(String prompt, boolean password) throws IOException;
}

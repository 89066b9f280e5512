package dev.jtune.trainer.job;

import dev.jtune.trainer.UserFacingException;
import dev.jtune.trainer.engine.InsufficientMemoryException;

import java.io.IOException;
import java.util.Locale;

/** Turns what went wrong during training into a sentence that says which flag to change. */
final class FailureMessages {

    private FailureMessages() {
    }

    static String describe(Throwable t, JobConfig c, long step) {
        if (t instanceof InsufficientMemoryException) {
            // Refused before it ran (step counts the steps done), so say which; the job adds the checkpoint clause.
            return "step " + (step + 1) + " did not run: " + t.getMessage().replaceAll("\\.$", "");
        }
        if (UserFacingException.isUserFacing(t) || t instanceof java.io.UncheckedIOException) {
            return t.getMessage();
        }
        if (isOutOfMemory(t)) {
            int maxAccum = (int) JobParameters.get("grad-accum").range().max();
            String halve = c.batchSize() > 1 && c.gradAccum() * 2 <= maxAccum
                    ? "lower --batch-size (e.g. " + c.batchSize() / 2 + " with --grad-accum " + c.gradAccum() * 2
                    + " keeps nearly the same effective batch), " : "lower --batch-size, ";
            return "ran out of memory at step " + step + " (batch size " + c.batchSize() + ", max-seq-len "
                    + c.maxSeqLen() + (c.usesLora() ? ", lora-r " + c.loraR() : "") + "): " + halve
                    + "--max-seq-len" + (c.usesLora() ? " or --lora-r" : ", or use --method lora")
                    + ("off".equals(c.gradCheckpointing()) ? ", or set --grad-checkpointing on" : "");
        }
        if (isDiskFull(t)) {
            return "the disk is full (at step " + step + "): free space, lower --save-limit (now " + c.saveLimit()
                    + ") or raise --save-steps (now " + c.saveSteps() + "), then resume with --resume JOB";
        }
        return "training failed at step " + step + ": " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage()) + " (the stack trace is in error.log)";
    }

    static boolean isOutOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return true;
            }
            String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("out of memory") || m.contains("can't allocate memory") || m.contains("cuda error: out")) {
                return true;
            }
        }
        return false;
    }

    static boolean isDiskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException && c.getMessage() != null
                    && c.getMessage().toLowerCase(Locale.ROOT).contains("no space left")) {
                return true;
            }
        }
        return false;
    }
}

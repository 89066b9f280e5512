package dev.jtune.magics.render;

import java.util.List;

/**
 * What {@code %dataset load/show} reports about a dataset: sizes, token counts with the chosen model's
 * tokenizer and template, and how many examples the truncation length would cut.
 *
 * @param split how the held-out examples were chosen ({@code 10%, seed 42}), fixed when the dataset was loaded or mixed
 */
public record DatasetSummary(String name, String source, String format, int examples, int validationExamples, String split, long turns,
                             long totalTokens, long trainedTokens, double meanTokens, int maxTokens, int overLength,
                             int maxSeqLen, int skippedLines, String tokenizer, List<String> warnings) {
    public DatasetSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}

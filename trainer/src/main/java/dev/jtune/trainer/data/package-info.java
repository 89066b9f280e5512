/**
 * Training data: from files to model batches. Knows nothing of Jupyter; the {@code %dataset} magic and jobs call it.
 *
 * <ul>
 *   <li>{@code format}: reading files. Layout from the extension (.jsonl/.json/.csv/.tsv/.txt; a .json starting
 *       with '[' is a JSON array), schema from the fields of the first records (messages, conversations,
 *       instruction+output, prompt+response, text) unless named. A .txt file gives one example per non-blank line
 *       by default ({@link dev.jtune.trainer.data.format.TextUnit#PARAGRAPH} for blank-line-separated prose).
 *       Files are streamed record by record.</li>
 *   <li>this package: {@link dev.jtune.trainer.data.example.Example} (a conversation or a text, with its file and line),
 *       validation ({@link dev.jtune.trainer.data.ExampleValidator}), loading with error reports
 *       ({@link dev.jtune.trainer.data.DatasetLoader}, {@link dev.jtune.trainer.data.LoadReport}), the seeded
 *       split, max-samples and mix, and the per-session {@link dev.jtune.trainer.data.DatasetCatalog}.</li>
 *   <li>{@code stats}: token counts and length distribution under a model's encoder.</li>
 *   <li>{@code batch}: truncation, packing, collation into {@link dev.jtune.trainer.data.Batch} and the
 *       deterministic, resumable {@link dev.jtune.trainer.data.batch.BatchPlan}.</li>
 * </ul>
 */
package dev.jtune.trainer.data;

/**
 * What a dataset is made of, one record at a time: the {@link dev.jtune.trainer.data.example.Example} (with a
 * preference pair's {@link dev.jtune.trainer.data.example.PreferenceAnswers}), where it came from, and what can be
 * wrong with it. A leaf below the file formats ({@code data.format}) and the loader ({@code data}), which both speak
 * of examples, so neither package depends on the other in both directions.
 */
package dev.jtune.trainer.data.example;

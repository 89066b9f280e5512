package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.DatasetException;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.example.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation split, max samples, and mixing rates. */
class SamplingTest {

    @TempDir
    Path dir;

    private static List<Example> examples(String prefix, int n) {
        List<Example> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(Example.text(new SourceLocation(Path.of(prefix + ".txt"), i + 1), prefix + i));
        }
        return list;
    }

    @Test
    void splitIsDeterministicDisjointAndFollowsTheRatio() {
        List<Example> all = examples("x", 200);
        DatasetSplit a = DatasetSplit.of(all, 0.1, 7);
        DatasetSplit b = DatasetSplit.of(all, 0.1, 7);
        assertEquals(a, b);
        assertEquals(20, a.validation().size());
        assertEquals(180, a.train().size());
        HashSet<Example> union = new HashSet<>(a.train());
        union.addAll(a.validation());
        assertEquals(200, union.size(), "every example lands in exactly one part");
        assertNotEquals(a.validation(), DatasetSplit.of(all, 0.1, 8).validation(), "another seed, another split");
        assertTrue(isInFileOrder(a.validation()) && isInFileOrder(a.train()));
        assertEquals(1, DatasetSplit.of(examples("s", 3), 0.01, 1).validation().size(), "a positive ratio holds out at least one");
        assertEquals(0, DatasetSplit.of(all, 0, 1).validation().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetSplit.of(all, 1.5, 1));
        assertTrue(e.getMessage().contains("--val-ratio 1.5"), e.getMessage());
    }

    @Test
    void maxSamplesKeepsASeededSampleInFileOrder() {
        Path f = TestFiles.write(dir, "many.jsonl", TestFiles.chats(100).toArray(String[]::new));
        DatasetLoader loader = new DatasetLoader();
        Dataset a = loader.load(f, DatasetOptions.DEFAULT.withMaxSamples(15).withSeed(3));
        Dataset b = loader.load(f, DatasetOptions.DEFAULT.withMaxSamples(15).withSeed(3));
        Dataset c = loader.load(f, DatasetOptions.DEFAULT.withMaxSamples(15).withSeed(4));
        assertEquals(15, a.size());
        assertEquals(lines(a), lines(b));
        assertNotEquals(lines(a), lines(c));
        assertTrue(isInFileOrder(a.examples()));
        assertEquals(100, a.report().validRecords());
        assertTrue(a.report().warnings().get(0).contains("random 15 of 100"), a.report().warnings().toString());
        assertEquals(100, loader.load(f, DatasetOptions.DEFAULT.withMaxSamples(500)).size());
    }

    @Test
    void maxSamplesIsUniformOverTheFile() {
        // Over many seeds, every line should be picked about k/n of the time (reservoir sampling is uniform).
        Path f = TestFiles.write(dir, "u.jsonl", TestFiles.chats(20).toArray(String[]::new));
        DatasetLoader loader = new DatasetLoader();
        int[] picks = new int[21];
        int runs = 400;
        for (int s = 0; s < runs; s++) {
            for (Example e : loader.load(f, DatasetOptions.DEFAULT.withMaxSamples(5).withSeed(s)).examples()) {
                picks[(int) e.source().line()]++;
            }
        }
        for (int line = 1; line <= 20; line++) {
            assertTrue(picks[line] > 50 && picks[line] < 150, "line " + line + " picked " + picks[line] + " of " + runs);
        }
    }

    @Test
    void mixRatesUnderAndOverSample() {
        List<Example> ex = examples("m", 40);
        assertEquals(20, DatasetMix.sample(ex, 0.5, new Random(1)).size());
        assertEquals(4, DatasetMix.sample(ex, 0.1, new Random(1)).size());
        List<Example> twice = DatasetMix.sample(ex, 2, new Random(1));
        assertEquals(80, twice.size());
        assertTrue(counts(twice).values().stream().allMatch(c -> c == 2));
        List<Example> twoAndHalf = DatasetMix.sample(ex, 2.5, new Random(1));
        assertEquals(100, twoAndHalf.size());
        Map<Example, Integer> k = counts(twoAndHalf);
        assertEquals(20, k.values().stream().filter(c -> c == 3).count(), "the fractional half is repeated once more");
        assertEquals(20, k.values().stream().filter(c -> c == 2).count());
        assertEquals(new HashSet<>(DatasetMix.sample(ex, 0.5, new Random(9))).size(), 20, "undersampling draws distinct examples");
    }

    @Test
    void mixRateRangeIsChecked() {
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> MixPart.parse("faq:0.001"));
        assertTrue(low.getMessage().contains("0.01 to 10.0") && low.getMessage().contains("'faq'"), low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MixPart("faq", 11));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> MixPart.parse("faq:lots"));
        assertTrue(nan.getMessage().contains("'lots'"), nan.getMessage());
        assertEquals(new MixPart("faq", 1), MixPart.parse("faq"));
        assertEquals(new MixPart("a:b", 0.5), MixPart.parse("a:b:0.5"));
        assertEquals(new MixPart("x", 10), MixPart.parse("x:10"));
    }

    @Test
    void catalogMixesTrainPartsByRateAndKeepsValidationUnrepeated() {
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.put(entry("a", examples("a", 50), 0.2));
        catalog.put(entry("b", examples("b", 10), 0.2));
        CatalogEntry mix = catalog.mix("ab", List.of(MixPart.parse("a:0.5"), MixPart.parse("b:3")), 5);
        assertEquals(20 + 24, mix.train().size());
        assertEquals(10 / 2 + 2, mix.validation().size(), "validation is undersampled by a rate below 1, never oversampled");
        assertEquals(mix.train(), catalog.mix("ab2", List.of(MixPart.parse("a:0.5"), MixPart.parse("b:3")), 5).train());
        assertEquals(List.of("a", "b", "ab", "ab2"), catalog.list().stream().map(CatalogEntry::name).toList());
        assertTrue(mix.origin().contains("a×0.5 (20 of 40)"), mix.origin());
        DatasetException missing = assertThrows(DatasetException.class,
                () -> catalog.mix("c", List.of(MixPart.parse("zzz:1")), 1));
        assertTrue(missing.getMessage().contains("No dataset named 'zzz'") && missing.getMessage().contains("a, b, ab, ab2"),
                missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> catalog.mix("bad:name", List.of(MixPart.parse("a")), 1));
    }

    private static CatalogEntry entry(String name, List<Example> ex, double ratio) {
        LoadReport r = new LoadReport(null, null, ex.size(), 0, List.of(), 0, ex.size(), List.of());
        return new CatalogEntry(name, new Dataset(name, ex, r), DatasetSplit.of(ex, ratio, 1), "test");
    }

    private static Map<Example, Integer> counts(List<Example> list) {
        Map<Example, Integer> m = new HashMap<>();
        list.forEach(e -> m.merge(e, 1, Integer::sum));
        return m;
    }

    private static List<Long> lines(Dataset d) {
        return d.examples().stream().map(e -> e.source().line()).toList();
    }

    private static boolean isInFileOrder(List<Example> list) {
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i).source().line() <= list.get(i - 1).source().line()) {
                return false;
            }
        }
        return true;
    }
}

package dev.jtune.trainer.tiny;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sample text the tiny model's tokenizer is learned from, shipped in the jar (copies of the project's sample
 * datasets): the intents conversations rendered with the tiny chat template, the plain-text corpus and the FAQ.
 * Learning from the data the tutorials fine-tune on makes its words and labels short token sequences.
 */
final class TinyCorpus {

    private static final String FOLDER = "/dev/jtune/trainer/tiny/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyCorpus() {
    }

    /** Training texts with the ChatML special tokens already cut out (they are never merged). */
    static List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (String line : lines("intents-train.jsonl")) {
            if (line.isBlank()) {
                continue;
            }
            StringBuilder chat = new StringBuilder();
            for (JsonNode m : readJson(line).get("messages")) {
                chat.append(TinyModel.IM_START).append(m.get("role").asText()).append('\n')
                        .append(m.get("content").asText()).append(TinyModel.IM_END).append('\n');
            }
            for (String piece : chat.toString().split("<\\|im_start\\|>|<\\|im_end\\|>")) {
                if (!piece.isEmpty()) {
                    texts.add(piece);
                }
            }
        }
        texts.addAll(lines("corpus.txt"));
        CsvMapper csv = new CsvMapper();
        try (InputStream in = open("faq.csv");
             MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
            while (rows.hasNext()) {
                rows.next().values().forEach(texts::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tiny model's sample faq.csv", e);
        }
        return texts;
    }

    private static JsonNode readJson(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("bad line in the tiny model's sample intents: " + line, e);
        }
    }

    private static List<String> lines(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tiny model's sample " + name, e);
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = TinyCorpus.class.getResourceAsStream(FOLDER + name);
        if (in == null) {
            throw new IOException("resource " + FOLDER + name + " is missing from the jar");
        }
        return in;
    }
}

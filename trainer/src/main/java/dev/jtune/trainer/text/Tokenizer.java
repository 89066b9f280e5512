package dev.jtune.trainer.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A model's tokenizer: DJL's HuggingFace tokenizer built from the folder's {@code tokenizer.json}, offline, with
 * DJL's defaults that would silently change training data (truncation at 512, padding) turned off, plus the
 * special tokens of {@code tokenizer_config.json} and the stop ids of {@code generation_config.json}.
 */
public final class Tokenizer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final HuggingFaceTokenizer hf;
    private final Vocabulary vocabulary;
    private final SpecialTokens specialTokens;
    private final int[] eosIds;

    private Tokenizer(Path folder, HuggingFaceTokenizer hf, Vocabulary vocabulary, SpecialTokens specialTokens,
                      int[] eosIds) {
        this.folder = folder;
        this.hf = hf;
        this.vocabulary = vocabulary;
        this.specialTokens = specialTokens;
        this.eosIds = eosIds;
    }

    /**
     * Loads {@code tokenizer.json} (required), the special tokens ({@code tokenizer_config.json}, else
     * {@code special_tokens_map.json}) and the stop ids of {@code generation_config.json}.
     */
    public static Tokenizer load(Path modelDir) {
        Path file = modelDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new TextAssetException("The model folder " + modelDir + " has no tokenizer.json: a HuggingFace "
                    + "model folder needs its fast-tokenizer file (save it with tokenizer.save_pretrained(...) "
                    + "or copy it from the model's hub page).");
        }
        JsonNode tokenizerJson = readJson(file);
        JsonNode generationConfig = readOptionalJson(modelDir.resolve("generation_config.json"));
        Vocabulary vocabulary = Vocabulary.fromTokenizerJson(tokenizerJson);
        SpecialTokens special = SpecialTokens.read(modelDir);
        HuggingFaceTokenizer hf;
        try {
            hf = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optTruncation(false)
                    .optPadding(false)
                    .optAddSpecialTokens(false)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new TextAssetException(file + " could not be loaded as a HuggingFace tokenizer (" + e.getMessage()
                    + "); check that it is a complete tokenizer.json written by the tokenizers library.", e);
        }
        return new Tokenizer(modelDir, hf, vocabulary, special, eosIds(vocabulary, special, generationConfig));
    }

    private static int[] eosIds(Vocabulary vocabulary, SpecialTokens special, JsonNode generationConfig) {
        Set<Integer> ids = new LinkedHashSet<>();
        if (generationConfig != null) {
            JsonNode eos = generationConfig.get("eos_token_id");
            if (eos != null && eos.isIntegralNumber()) {
                ids.add(eos.asInt());
            } else if (eos != null && eos.isArray()) {
                eos.forEach(n -> ids.add(n.asInt()));
            }
        }
        if (special.eos() != null && vocabulary.id(special.eos()) != null) {
            ids.add(vocabulary.id(special.eos()));
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new TextAssetException(file + " is not valid JSON (" + e.getMessage()
                    + "); re-save or re-download it.", e);
        }
    }

    static JsonNode readOptionalJson(Path file) {
        return Files.isRegularFile(file) ? readJson(file) : null;
    }

    /** Token ids of {@code text} without special tokens added around it (special tokens written in the text are kept). */
    public int[] encode(String text) {
        return encode(text, false);
    }

    /** Token ids; {@code addSpecialTokens} applies the tokenizer's post-processor (e.g. a BOS for Llama). */
    public int[] encode(String text, boolean addSpecialTokens) {
        return toInts(hf.encode(text, addSpecialTokens, false).getIds());
    }

    /** Ids with the code-point span of {@code text} each token covers (for mapping text ranges to tokens). */
    TokenSpans encodeWithSpans(String text) {
        Encoding encoding = hf.encode(text, false, false);
        int[] ids = toInts(encoding.getIds());
        CharSpan[] spans = encoding.getCharTokenSpans();
        int[] starts = new int[ids.length];
        int[] ends = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            CharSpan span = spans[i];
            starts[i] = span == null ? -1 : span.getStart();
            ends[i] = span == null ? -1 : span.getEnd();
        }
        return new TokenSpans(ids, starts, ends);
    }

    /** Ids of a text and, per token, the half-open range of code points of the text it came from. */
    record TokenSpans(int[] ids, int[] starts, int[] ends) {
    }

    /** The text of {@code ids}, special tokens included. */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return hf.decode(longs, skipSpecialTokens);
    }

    /** The id of a token string as the vocabulary spells it (byte-level tokens use their mapped form, e.g. "Ġthe"). */
    public OptionalInt tokenId(String token) {
        Integer id = vocabulary.id(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The vocabulary's spelling of a token id, or {@code null} when the id is outside the vocabulary. */
    public String token(int id) {
        return vocabulary.token(id);
    }

    public boolean isSpecial(int id) {
        return vocabulary.isSpecial(id);
    }

    public SpecialTokens specialTokens() {
        return specialTokens;
    }

    public OptionalInt bosId() {
        return idOf(specialTokens.bos());
    }

    public OptionalInt eosId() {
        return idOf(specialTokens.eos());
    }

    /** The padding id: the pad token, else the first EOS id (what trainers commonly fall back to). */
    public OptionalInt padId() {
        OptionalInt pad = idOf(specialTokens.pad());
        if (pad.isPresent() || eosIds.length == 0) {
            return pad;
        }
        return OptionalInt.of(eosIds[0]);
    }

    /** Ids that end generation: {@code generation_config.json}'s eos_token_id (int or list) and the EOS token. */
    public int[] eosIds() {
        return eosIds.clone();
    }

    /** Highest token id + 1 (the embedding rows a model needs at least). */
    public int vocabSize() {
        return vocabulary.size();
    }

    public Path folder() {
        return folder;
    }

    private OptionalInt idOf(String token) {
        return token == null ? OptionalInt.empty() : tokenId(token);
    }

    private static int[] toInts(long[] ids) {
        return Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
    }

    @Override
    public void close() {
        hf.close();
    }
}

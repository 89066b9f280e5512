package dev.jtune.trainer.tiny;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The tiny model's {@code tokenizer.json} and {@code tokenizer_config.json}: a byte-level BPE (the layout GPT-2 and
 * Qwen2 use, which HuggingFace tokenizers and DJL load) with the ChatML special tokens, and a ChatML chat template.
 */
final class TinyTokenizerFiles {

    static final List<String> SPECIALS = List.of(TinyModel.END_OF_TEXT, TinyModel.IM_START, TinyModel.IM_END);

    /** ChatML without a default system prompt: the conversation is rendered as given. */
    static final String CHAT_TEMPLATE = "{% for message in messages %}"
            + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private TinyTokenizerFiles() {
    }

    /** Vocabulary size for {@code result}: specials first (ids 0-2), then bytes and merges. */
    static int vocabSize(BpeTrainer.Result result) {
        return SPECIALS.size() + result.symbols().size();
    }

    static ObjectNode tokenizerJson(ObjectMapper json, BpeTrainer.Result result) {
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int id = 0; id < SPECIALS.size(); id++) {
            ObjectNode t = added.addObject();
            t.put("id", id);
            t.put("content", SPECIALS.get(id));
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(json, false));
        root.set("post_processor", byteLevel(json, false));
        root.set("decoder", byteLevel(json, true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < SPECIALS.size(); id++) {
            vocab.put(SPECIALS.get(id), id);
        }
        for (int i = 0; i < result.symbols().size(); i++) {
            vocab.put(result.symbols().get(i), SPECIALS.size() + i);
        }
        ArrayNode merges = model.putArray("merges");
        for (String[] merge : result.merges()) {
            merges.addArray().add(merge[0]).add(merge[1]);
        }
        return root;
    }

    private static ObjectNode byteLevel(ObjectMapper json, boolean trimOffsets) {
        ObjectNode node = json.createObjectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", false);
        node.put("trim_offsets", trimOffsets);
        node.put("use_regex", true);
        return node;
    }

    static ObjectNode tokenizerConfig(ObjectMapper json, int maxLength) {
        ObjectNode c = json.createObjectNode();
        c.put("add_prefix_space", false);
        ObjectNode decoder = c.putObject("added_tokens_decoder");
        for (int id = 0; id < SPECIALS.size(); id++) {
            ObjectNode t = decoder.putObject(Integer.toString(id));
            t.put("content", SPECIALS.get(id));
            t.put("lstrip", false);
            t.put("normalized", false);
            t.put("rstrip", false);
            t.put("single_word", false);
            t.put("special", true);
        }
        c.put("bos_token", TinyModel.END_OF_TEXT);
        c.put("chat_template", CHAT_TEMPLATE);
        c.put("clean_up_tokenization_spaces", false);
        c.put("eos_token", TinyModel.IM_END);
        c.put("model_max_length", maxLength);
        c.put("pad_token", TinyModel.END_OF_TEXT);
        c.put("tokenizer_class", "PreTrainedTokenizerFast");
        c.putNull("unk_token");
        return c;
    }
}

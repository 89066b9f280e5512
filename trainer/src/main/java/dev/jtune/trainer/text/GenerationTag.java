package dev.jtune.trainer.text;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;

/**
 * {@code {% generation %}...{% endgeneration %}}: training templates wrap the text the model should learn to
 * produce in it (transformers' {@code return_assistant_tokens_mask}). The body renders as usual; when the
 * template is asked for trained spans, the body is fenced with private-use marker characters that
 * {@link ChatTemplate} strips out again and turns into character ranges.
 */
final class GenerationTag implements Tag {

    static final String MARK_VARIABLE = "__jtune_mark_generation";
    static final char START = '\uE000';
    static final char END = '\uE001';

    @Override
    public String getName() {
        return "generation";
    }

    @Override
    public String getEndTagName() {
        return "endgeneration";
    }

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
        StringBuilder body = new StringBuilder();
        for (Node child : tagNode.getChildren()) {
            body.append(child.render(interpreter).getValue());
        }
        if (Boolean.TRUE.equals(interpreter.getContext().get(MARK_VARIABLE))) {
            return START + body.toString() + END;
        }
        return body.toString();
    }
}

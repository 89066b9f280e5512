package dev.jtune.magics.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.jtune.kernel.display.DisplayHandle;
import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;
import dev.jtune.magics.cli.ChatCommand;
import dev.jtune.magics.cli.CommandCompleter;
import dev.jtune.magics.cli.CommandParser;
import dev.jtune.magics.cli.ParsedCommand;
import dev.jtune.trainer.cli.SamplingOptions;
import dev.jtune.magics.render.ChatColumn;
import dev.jtune.magics.render.ChatView;
import dev.jtune.magics.session.KernelSession;
import dev.jtune.magics.session.Session;
import dev.jtune.trainer.generate.GenerationResult;
import dev.jtune.trainer.generate.SamplingParams;
import dev.jtune.trainer.runtime.ChatModel;
import dev.jtune.trainer.runtime.ChatReply;
import dev.jtune.trainer.text.ChatMessage;

/**
 * {@code %chat MODEL[,MODEL2[,MODEL3]] PROMPT} and {@code %%chat}: the answers stream token by token into one
 * output, the models side by side in columns. A job name means its newest checkpoint, even while it trains.
 */
public final class ChatMagic implements Magic {
    /** Redraw at most this often while tokens stream in. */
    static final long REDRAW_NANOS = 80_000_000L;

    private final KernelSession sessions;

    public ChatMagic(KernelSession sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String description() {
        return "Chat with up to three models side by side (tiny, a job, a published model, a folder or a hub id).";
    }

    @Override
    public String help() {
        return CommandParser.usage(new ChatCommand());
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE, Form.CELL);
    }

    @Override
    public List<String> complete(List<String> words, String current) {
        return CommandCompleter.complete(new ChatCommand(), words, current, new NotebookNames(sessions));
    }

    @Override
    public void run(MagicInvocation invocation, MagicContext context) throws MagicException {
        ParsedCommand parsed = MagicSupport.parse(() -> invocation.isCell()
                ? ChatCommand.parseCell(invocation.argv(), invocation.body())
                : CommandParser.parse(new ChatCommand(), invocation.argv()));
        if (MagicSupport.helpShown(parsed, context)) {
            return;
        }
        ChatCommand command = parsed.as(ChatCommand.class);
        SamplingOptions sampling = command.sampling();
        List<ChatMessage> conversation = Conversation.of(sampling.system(), command.prompt());
        Session session = sessions.get();
        List<ChatModel> models = new ArrayList<>();
        for (String reference : command.models()) {
            models.add(MagicSupport.call("ModelError", () -> session.runtime().model(reference)));
        }
        List<ChatColumn> columns = new ArrayList<>();
        command.models().forEach(model -> columns.add(ChatColumn.waiting(model)));
        String shownPrompt = command.prompt();
        DisplayHandle output = context.display().display(MagicSupport.mime(ChatView.render(shownPrompt, columns)));
        AtomicBoolean cancelled = new AtomicBoolean();
        context.cancellation().onCancel(() -> cancelled.set(true));
        for (int i = 0; i < models.size(); i++) {
            int column = i;
            String reference = command.models().get(i);
            StringBuilder text = new StringBuilder();
            long[] lastDraw = {0};
            SamplingParams params = sampling.params();
            try {
                ChatReply reply = models.get(i).reply(conversation, params, piece -> {
                    if (cancelled.get()) {
                        throw new AnswerInterrupted();
                    }
                    text.append(piece);
                    long now = System.nanoTime();
                    if (now - lastDraw[0] > REDRAW_NANOS) {
                        lastDraw[0] = now;
                        columns.set(column, new ChatColumn(reference, text.toString(), false, 0, null, null));
                        output.update(MagicSupport.mime(ChatView.render(shownPrompt, columns)));
                    }
                });
                String shown = reply.stopReason() == GenerationResult.StopReason.INTERRUPTED ? reply.text().strip() + " [interrupted]"
                        : reply.text().strip();
                columns.set(column, new ChatColumn(reference, shown, true, reply.tokens(),
                        reply.seconds() > 0 ? reply.tokens() / reply.seconds() : null, null));
            } catch (AnswerInterrupted e) {
                columns.set(column, new ChatColumn(reference, text.toString().strip() + " [interrupted]", true, 0, null, null));
            } catch (RuntimeException e) {
                columns.set(column, new ChatColumn(reference, text.toString(), true, 0, null, OutOfMemory.explain(e)));
            }
            output.update(MagicSupport.mime(ChatView.render(shownPrompt, columns)));
            if (cancelled.get()) {
                for (int rest = i + 1; rest < columns.size(); rest++) {
                    columns.set(rest, new ChatColumn(columns.get(rest).model(), "", true, 0, null, "not asked: the cell was interrupted"));
                }
                output.update(MagicSupport.mime(ChatView.render(shownPrompt, columns)));
                break;
            }
        }
    }

    /** Thrown from the text callback to end an answer when the cell is interrupted. */
    private static final class AnswerInterrupted extends RuntimeException {
        AnswerInterrupted() {
            super(null, null, false, false);
        }
    }
}

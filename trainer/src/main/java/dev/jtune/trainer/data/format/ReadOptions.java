package dev.jtune.trainer.data.format;

/**
 * How to read a dataset file.
 *
 * @param format       the record schema, or null to detect it from the extension and the first records
 * @param columns      CSV columns, or null to use question/answer (or a common alias pair such as prompt/response)
 * @param systemPrompt system message put in front of conversations that have none; null for none
 * @param textUnit     how a .txt file is cut into examples
 */
public record ReadOptions(DatasetFormat format, ColumnMapping columns, String systemPrompt, TextUnit textUnit) {

    public static final ReadOptions DEFAULT = new ReadOptions(null, null, null, TextUnit.LINE);

    public ReadOptions {
        if (textUnit == null) {
            textUnit = TextUnit.LINE;
        }
    }

    public ReadOptions withFormat(DatasetFormat f) {
        return new ReadOptions(f, columns, systemPrompt, textUnit);
    }

    public ReadOptions withColumns(ColumnMapping c) {
        return new ReadOptions(format, c, systemPrompt, textUnit);
    }

    public ReadOptions withSystemPrompt(String s) {
        return new ReadOptions(format, columns, s, textUnit);
    }

    public ReadOptions withTextUnit(TextUnit u) {
        return new ReadOptions(format, columns, systemPrompt, u);
    }
}

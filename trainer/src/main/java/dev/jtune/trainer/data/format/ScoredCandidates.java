package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.text.ChatMessage;

/**
 * Volcano Ark's scored preference records: an OpenAI {@code messages} record whose last assistant message has as
 * {@code content} a list of candidate answers, each {@code {"content": ..., "score": n}}. The highest-scored
 * candidate is the chosen answer and the lowest-scored the rejected one.
 */
record ScoredCandidates(ChatMessage chosen, ChatMessage rejected) {

    /** Whether the last message holds scored candidates (a list of objects with a "score"). */
    static boolean isScored(JsonNode messages) {
        if (messages.isEmpty()) {
            return false;
        }
        JsonNode content = messages.get(messages.size() - 1).path("content");
        return content.isArray() && !content.isEmpty() && content.get(0).isObject() && content.get(0).has("score");
    }

    static ScoredCandidates of(JsonNode last, int n) throws InvalidRecordException {
        String where = "message " + n;
        if (!"assistant".equals(last.path("role").asText())) {
            throw new InvalidRecordException(where + ": scored candidates must be the content of an assistant message,"
                    + " found role " + last.path("role"));
        }
        JsonNode candidates = last.get("content");
        if (candidates.size() < 2) {
            throw new InvalidRecordException(where + ": a scored answer needs at least two candidates to compare, "
                    + "found " + candidates.size());
        }
        int best = -1;
        int worst = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        double worstScore = Double.POSITIVE_INFINITY;
        for (int i = 0; i < candidates.size(); i++) {
            JsonNode c = candidates.get(i);
            String at = where + ", candidate " + (i + 1);
            JsonNode score = c.path("score");
            if (!score.isNumber() || !Double.isFinite(score.doubleValue())) {
                throw new InvalidRecordException(at + ": \"score\" must be a number, found "
                        + (score.isMissingNode() ? "no score" : JsonFields.kind(score) + " " + score));
            }
            if (!c.isObject()) {
                throw new InvalidRecordException(at + " must be an object {\"content\": ..., \"score\": n}, found "
                        + JsonFields.kind(c));
            }
            try {
                JsonFields.requiredText(c, "content");
            } catch (InvalidRecordException e) {
                throw new InvalidRecordException(at + ": " + e.getMessage());
            }
            double s = score.doubleValue();
            if (s > bestScore) {
                bestScore = s;
                best = i;
            }
            if (s < worstScore) {
                worstScore = s;
                worst = i;
            }
        }
        if (bestScore == worstScore) {
            throw new InvalidRecordException(where + ": every candidate has score " + formatScore(bestScore)
                    + ", so none is preferred: give the better answer a higher score");
        }
        return new ScoredCandidates(candidate(candidates.get(best)), candidate(candidates.get(worst)));
    }

    private static ChatMessage candidate(JsonNode c) {
        return new ChatMessage("assistant", c.get("content").textValue());
    }

    private static String formatScore(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}

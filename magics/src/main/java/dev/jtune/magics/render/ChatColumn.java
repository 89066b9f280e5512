package dev.jtune.magics.render;

/** One model's answer in {@code %chat}, growing as tokens stream in. */
public record ChatColumn(String model, String text, boolean done, int tokens, Double tokensPerSecond, String error) {
    public static ChatColumn waiting(String model) {
        return new ChatColumn(model, "", false, 0, null, null);
    }
}

package dev.jtune.magics.render;

/** One message of a conversation as shown in tables: its role and its text. */
public record Turn(String role, String content) {
}

package dev.jtune.trainer.generate;

/** Receives each generated token id as soon as it is chosen (EOS excluded). */
@FunctionalInterface
public interface TokenListener {

    TokenListener NONE = id -> { };

    void onToken(int tokenId);
}

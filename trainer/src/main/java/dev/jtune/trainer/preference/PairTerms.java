package dev.jtune.trainer.preference;

/**
 * One preference pair's share of the loss and its derivatives.
 *
 * @param loss           the pair's loss (DPO term plus ftx times the SFT term)
 * @param dChosen        d loss / d log π(chosen)
 * @param dRejected      d loss / d log π(rejected)
 * @param rewardChosen   β·(log π(chosen) − log π_ref(chosen)), TRL's {@code rewards/chosen}
 * @param rewardRejected β·(log π(rejected) − log π_ref(rejected))
 */
public record PairTerms(double loss, double dChosen, double dRejected, double rewardChosen, double rewardRejected) {
}

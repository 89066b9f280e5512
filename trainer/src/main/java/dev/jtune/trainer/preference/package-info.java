/**
 * Preference tuning (DPO and its IPO and hinge variants): the pairwise objective, its exact derivatives with respect
 * to each answer's log-probability, and TRL's reward metrics. The engine supplies the log-probabilities of a
 * concatenated [chosen; rejected] batch under the policy and the reference model.
 */
package dev.jtune.trainer.preference;

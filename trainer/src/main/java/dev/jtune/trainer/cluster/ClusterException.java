package dev.jtune.trainer.cluster;

import dev.jtune.trainer.UserFacingException;

/** The scheduler could not be reached or refused a request; the message names the cluster and what to do. */
public class ClusterException extends UserFacingException {

    public ClusterException(String sentence) {
        super(sentence);
    }

    public ClusterException(String sentence, Throwable cause) {
        super(sentence, cause);
    }
}

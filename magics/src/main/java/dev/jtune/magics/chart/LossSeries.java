package dev.jtune.magics.chart;

import java.util.List;

/** One job's curves: training loss per log step, validation loss per eval, learning rate per log step. */
public record LossSeries(String job, List<Point> train, List<Point> validation, List<Point> learningRate) {
    public LossSeries {
        train = List.copyOf(train);
        validation = validation == null ? List.of() : List.copyOf(validation);
        learningRate = learningRate == null ? List.of() : List.copyOf(learningRate);
    }
}

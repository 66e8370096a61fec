namespace SplitBrain.MLNet;

/// <summary>
/// A snapshot of a running training, handed to an optional <see cref="IProgress{T}"/> after every step, so that an
/// app can draw its own progress bar. The same facts also go to the MLContext's log channels.
/// </summary>
/// <param name="Phase">What is training, for example "pretrain", "finetune" or "dae".</param>
/// <param name="Epoch">The current epoch, 1-based.</param>
/// <param name="Epochs">The number of epochs planned.</param>
/// <param name="Step">Steps done in this epoch.</param>
/// <param name="StepsPerEpoch">Steps in a full epoch.</param>
/// <param name="Losses">The latest losses by name (for example "single" and "pair").</param>
/// <param name="ImagesPerSecond">Throughput over the current epoch so far.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="EpochFinished">True on the report sent at the end of an epoch, whose losses are epoch means.</param>
/// <param name="Validation">At the end of an epoch with validation data: metrics by name (for example "top1", "top5").</param>
public sealed record TrainingProgress(
    string Phase,
    int Epoch,
    int Epochs,
    long Step,
    long StepsPerEpoch,
    IReadOnlyDictionary<string, double> Losses,
    double ImagesPerSecond,
    TimeSpan Elapsed,
    bool EpochFinished,
    IReadOnlyDictionary<string, double>? Validation = null);

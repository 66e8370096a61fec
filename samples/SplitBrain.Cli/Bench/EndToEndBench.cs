using System.Diagnostics;
using Microsoft.ML;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.Cli.Jobs;
using SplitBrain.MLNet;
using SplitBrain.MLNet.Training;

namespace SplitBrain.Cli.Bench;

/// <summary>
/// The end-to-end pretraining step as users run it: image files decoded by the data view, ResizeImages, LabQuantize,
/// then <see cref="SplitBrainPretrainEstimator.Fit"/> with its bounded background prefetch, Simple encoder. A step's
/// time is the time between two consecutive progress reports of the training loop, so it covers waiting for the
/// prefetched batch, making the tensors and the training step. Training is cancelled through the MLContext once
/// the warm-up and timed steps are done, so the data set may be much larger than what is timed.
/// </summary>
public static class EndToEndBench
{
    /// <summary>Times <paramref name="timedSteps"/> steps after <paramref name="warmupSteps"/> untimed ones.</summary>
    /// <param name="imageFolder">Images at any depth below this folder (class subfolders are fine).</param>
    /// <param name="batchSize">Images per step.</param>
    /// <param name="imageSize">Square side the images are resized to.</param>
    /// <param name="gridSize">Label grid side.</param>
    /// <param name="warmupSteps">Untimed steps at the start (the prefetch queue fills meanwhile).</param>
    /// <param name="timedSteps">Timed steps, at least 1.</param>
    /// <param name="prefetchBatches">The estimator's PrefetchBatches.</param>
    /// <param name="seed">Seeds the weights and the shuffle.</param>
    public static StepTimings Measure(string imageFolder, int batchSize, int imageSize, int gridSize, int warmupSteps,
        int timedSteps, int prefetchBatches = 3, int seed = 0)
    {
        // The first timed step is measured from the report of the last warm-up step, so at least one is needed.
        ArgumentOutOfRangeException.ThrowIfLessThan(warmupSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(timedSteps, 1);
        var ml = new MLContext(seed: seed);
        IDataView quantized = Quantized(ml, imageFolder, batchSize, imageSize, gridSize, warmupSteps + timedSteps);
        var clock = new StepClock(warmupSteps + timedSteps, ml.CancelExecution);
        var estimator = ml.Transforms.SplitBrainPretrain(new SplitBrainPretrainEstimator.Options
        {
            Encoder = EncoderKind.Simple,
            BatchSize = batchSize,
            Epochs = 1,
            Seed = seed,
            InfoEveryNSteps = 0,
            PrefetchBatches = prefetchBatches,
            Progress = clock,
        });
        try
        {
            estimator.Fit(quantized).Dispose();
        }
        catch (OperationCanceledException) when (clock.Finished)
        {
        }
        if (!clock.Finished)
            throw new InvalidOperationException(
                $"Training ended after {clock.StepsSeen} steps, before the {warmupSteps + timedSteps} needed.");
        return new StepTimings(batchSize, clock.StepSeconds(warmupSteps));
    }

    /// <summary>
    /// The input side alone, on the calling thread with nothing else running: the same files, ResizeImages and
    /// LabQuantize read into batches by the reader the training loop uses (shuffled, as in training), timed per batch.
    /// This is what the prefetch thread must keep ahead of the training step.
    /// </summary>
    public static StepTimings MeasureInput(string imageFolder, int batchSize, int imageSize, int gridSize, int warmupBatches,
        int timedBatches, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(warmupBatches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(timedBatches, 1);
        var ml = new MLContext(seed: seed);
        IDataView quantized = Quantized(ml, imageFolder, batchSize, imageSize, gridSize, warmupBatches + timedBatches);
        int pixels = imageSize * imageSize, cells = gridSize * gridSize;
        var reader = new BatchReader(quantized, new[]
        {
            new BatchColumn(ColumnNames.SingleChannel, BatchColumnKind.FloatVector, pixels),
            new BatchColumn(ColumnNames.PairChannels, BatchColumnKind.FloatVector, 2 * pixels),
            new BatchColumn(ColumnNames.SingleLabels, BatchColumnKind.Int32Vector, cells),
            new BatchColumn(ColumnNames.PairLabels, BatchColumnKind.Int32Vector, cells),
        }, batchSize);
        var stamps = new List<long> { Stopwatch.GetTimestamp() };
        using var stop = new CancellationTokenSource();
        try
        {
            reader.ProduceEpoch(seed, 0, 0, _ =>
            {
                stamps.Add(Stopwatch.GetTimestamp());
                if (stamps.Count > warmupBatches + timedBatches)
                    stop.Cancel();
            }, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        var seconds = Enumerable.Range(warmupBatches + 1, timedBatches)
            .Select(i => Stopwatch.GetElapsedTime(stamps[i - 1], stamps[i]).TotalSeconds).ToArray();
        return new StepTimings(batchSize, seconds);
    }

    private static IDataView Quantized(MLContext ml, string imageFolder, int batchSize, int imageSize, int gridSize,
        int steps)
    {
        ImageDataView images = ImageDataSources.LoadUnlabeledImageFolder(ml, imageFolder);
        long needed = (long)steps * batchSize;
        long available = images.GetRowCount() ?? 0;
        if (available < needed)
            throw new UserInputException(
                $"--data '{imageFolder}': {available} images, but {steps} steps (warm-up and timed) of {batchSize} " +
                $"need at least {needed}.");
        return ImagePipeline.Preprocess(ml, images, images.ImageColumnName, imageSize, ColorSpace.Lab, gridSize)
            .Fit(images).Transform(images);
    }

    /// <summary>Records when each step's progress report arrives and cancels training after the last one needed.</summary>
    private sealed class StepClock : IProgress<TrainingProgress>
    {
        private readonly int _stepsWanted;
        private readonly Action _stop;
        private readonly List<long> _stamps = new();

        public StepClock(int stepsWanted, Action stop)
        {
            _stepsWanted = stepsWanted;
            _stop = stop;
            _stamps.Add(Stopwatch.GetTimestamp());
        }

        public int StepsSeen => _stamps.Count - 1;

        public bool Finished => StepsSeen >= _stepsWanted;

        public void Report(TrainingProgress value)
        {
            if (value.EpochFinished || Finished)
                return;
            _stamps.Add(Stopwatch.GetTimestamp());
            if (Finished)
                _stop();
        }

        /// <summary>The durations of the steps after the first <paramref name="skip"/>.</summary>
        public double[] StepSeconds(int skip) => Enumerable.Range(skip + 1, StepsSeen - skip)
            .Select(i => Stopwatch.GetElapsedTime(_stamps[i - 1], _stamps[i]).TotalSeconds)
            .ToArray();
    }
}

using System.Diagnostics;
using SplitBrain.MLNet.Persistence;
using TorchSharp;

namespace SplitBrain.MLNet.Training;

/// <summary>Settings shared by every training run (pretraining, fine-tuning, the autoencoder baseline).</summary>
internal sealed record TrainingLoopSettings(
    string Phase,
    string CheckpointKind,
    string NetworkSettings,
    string[] LossNames,
    int Epochs,
    double LearningRate,
    double LearningRateDecay,
    int Seed,
    int InfoEveryNSteps,
    int PrefetchBatches,
    string? CheckpointFolder,
    int KeepCheckpoints,
    int EarlyStoppingPatience = int.MaxValue);

/// <summary>
/// The epoch loop every trainer of the library shares: deterministic shuffled batches from a
/// <see cref="BatchReader"/>, read ahead by a <see cref="BatchPrefetcher{TBatch}"/>; a step-decay learning-rate
/// schedule (rate × decay^epoch); one checkpoint per epoch; exact resume (also from inside an epoch); cancellation
/// at step boundaries through the MLContext; optional validation with early stopping that restores the best
/// epoch's weights whatever ended training.
/// </summary>
internal sealed class TrainingLoop
{
    private readonly TrainingLoopSettings _settings;
    private readonly TrainingReporter _reporter;
    private readonly IProgress<TrainingProgress>? _progress;

    public TrainingLoop(TrainingLoopSettings settings, TrainingReporter reporter, IProgress<TrainingProgress>? progress)
    {
        _settings = settings;
        _reporter = reporter;
        _progress = progress;
    }

    /// <summary>The checkpoint files written by the last run, oldest first.</summary>
    public IReadOnlyList<string> CheckpointsWritten { get; private set; } = Array.Empty<string>();

    /// <summary>Per-epoch mean losses (and validation metrics, when given) of the last run, for plots.</summary>
    public List<(int Epoch, Dictionary<string, double> Values)> History { get; } = new();

    /// <summary>The epoch whose weights the model holds after <see cref="Run"/>; -1 without validation.</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <param name="reader">The training batches.</param>
    /// <param name="model">The module trained; it holds the final (or best) weights afterwards.</param>
    /// <param name="optimizer">The optimizer over the model's trainable parameters.</param>
    /// <param name="step">One training step on a batch (forward, backward, optimizer step); returns the losses.</param>
    /// <param name="validate">Optional: after each epoch, returns the score to maximise and the metrics to log.</param>
    /// <param name="resume">A checkpoint to continue from, or null to start fresh.</param>
    public void Run(BatchReader reader, torch.nn.Module model, torch.optim.Optimizer optimizer,
        Func<ColumnBatch, double[]> step, Func<(double Score, Dictionary<string, double> Metrics)>? validate,
        TrainingCheckpoint? resume)
    {
        long rows = reader.CountRows();
        if (rows == 0)
            throw new ArgumentException("The training data has no rows.", nameof(reader));
        long stepsPerEpoch = (rows + reader.BatchSize - 1) / reader.BatchSize;
        CheckpointFolder? checkpoints = _settings.CheckpointFolder is null
            ? null
            : new CheckpointFolder(_settings.CheckpointFolder, _settings.CheckpointKind, _settings.KeepCheckpoints);
        var written = new List<string>();

        int startEpoch = 0;
        long skipSteps = 0, totalSteps = 0;
        double bestScore = double.NegativeInfinity;
        byte[] bestWeights = Array.Empty<byte>();
        int epochsWithoutImprovement = 0;
        if (resume is not null)
        {
            RestoreFrom(resume, model, optimizer);
            startEpoch = resume.CompletedEpochs;
            skipSteps = resume.StepsInEpoch;
            totalSteps = resume.TotalSteps;
            bestScore = resume.BestScore;
            BestEpoch = resume.BestEpoch;
            bestWeights = resume.BestWeights;
            _reporter.Info($"Resuming {_settings.Phase} after epoch {startEpoch}, step {skipSteps}.");
        }

        for (int epoch = startEpoch; epoch < _settings.Epochs; epoch++)
        {
            double learningRate = _settings.LearningRate * Math.Pow(_settings.LearningRateDecay, epoch);
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = learningRate;
            _reporter.EpochStarted(epoch + 1, _settings.Epochs, learningRate);
            model.train();

            var lossSums = new double[_settings.LossNames.Length];
            long stepInEpoch = skipSteps, imagesInEpoch = 0;
            var epochClock = Stopwatch.StartNew();
            using (var prefetcher = new BatchPrefetcher<ColumnBatch>(
                (sink, token) => reader.ProduceEpoch(_settings.Seed, epoch, skipSteps, sink, token), _settings.PrefetchBatches))
            {
                foreach (ColumnBatch batch in prefetcher.Batches())
                {
                    if (IsCancelled())
                    {
                        string? path = SaveCheckpoint(checkpoints, model, optimizer, epoch, stepInEpoch, totalSteps,
                            learningRate, bestScore, bestWeights);
                        if (path is not null)
                            written.Add(path);
                        CheckpointsWritten = written;
                        _reporter.Info($"Cancelled at epoch {epoch + 1}, step {stepInEpoch}; " +
                            (path is null ? "no checkpoint folder was set." : $"checkpoint written to {path}."));
                        _reporter.ThrowIfCancelled();
                    }

                    double[] losses = step(batch);
                    for (int i = 0; i < losses.Length; i++)
                    {
                        if (!double.IsFinite(losses[i]))
                            throw new InvalidOperationException(
                                $"The {_settings.LossNames[i]} loss became {losses[i]} at epoch {epoch + 1}, step {stepInEpoch + 1}. " +
                                "Lower the learning rate, or check the input data for invalid values.");
                        lossSums[i] += losses[i];
                    }
                    stepInEpoch++;
                    totalSteps++;
                    imagesInEpoch += batch.Count;
                    _reporter.StepFinished(epoch + 1, stepInEpoch, totalSteps, _settings.InfoEveryNSteps, losses);
                    _progress?.Report(Snapshot(epoch, stepInEpoch, stepsPerEpoch, losses, imagesInEpoch, epochClock.Elapsed, false, null));
                }
            }
            long stepsRun = stepInEpoch - skipSteps;
            skipSteps = 0;

            var means = lossSums.Select(s => stepsRun > 0 ? s / stepsRun : double.NaN).ToArray();
            var record = _settings.LossNames.Zip(means).ToDictionary(p => p.First, p => p.Second);
            Dictionary<string, double>? metrics = null;
            bool stop = false;
            if (validate is not null)
            {
                (double score, metrics) = validate();
                foreach (var (name, value) in metrics)
                    record[name] = value;
                if (score > bestScore)
                {
                    bestScore = score;
                    BestEpoch = epoch + 1;
                    bestWeights = WeightBytes(model);
                    epochsWithoutImprovement = 0;
                }
                else if (++epochsWithoutImprovement > _settings.EarlyStoppingPatience)
                {
                    stop = true;
                }
            }
            History.Add((epoch + 1, record));
            string? extra = metrics is null ? null : string.Join(", ", metrics.Select(m => $"{m.Key} {m.Value:F4}"));
            _reporter.EpochFinished(epoch + 1, _settings.Epochs, means, imagesInEpoch, epochClock.Elapsed, extra);
            _progress?.Report(Snapshot(epoch, stepInEpoch, stepsPerEpoch, means, imagesInEpoch, epochClock.Elapsed, true, metrics));
            if (SaveCheckpoint(checkpoints, model, optimizer, epoch + 1, 0, totalSteps, learningRate, bestScore,
                    bestWeights) is string checkpointPath)
                written.Add(checkpointPath);
            CheckpointsWritten = written;
            if (stop)
            {
                _reporter.Info($"Early stopping after epoch {epoch + 1}: no improvement for {epochsWithoutImprovement} epoch(s).");
                break;
            }
        }

        if (bestWeights.Length > 0)
        {
            LoadWeightBytes(model, bestWeights);
            _reporter.Info($"Restored the weights of epoch {BestEpoch}, the best on validation ({bestScore:F4}).");
        }
        model.eval();
    }

    private bool IsCancelled()
    {
        try
        {
            _reporter.ThrowIfCancelled();
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private TrainingProgress Snapshot(int epoch, long step, long stepsPerEpoch, IReadOnlyList<double> losses, long images,
        TimeSpan epochTime, bool finished, Dictionary<string, double>? validation) =>
        new(_settings.Phase, epoch + 1, _settings.Epochs, step, stepsPerEpoch,
            _settings.LossNames.Zip(losses).ToDictionary(p => p.First, p => p.Second),
            images / Math.Max(epochTime.TotalSeconds, 1e-9), _reporter.Elapsed, finished, validation);

    /// <summary>Writes a checkpoint into <paramref name="folder"/>; returns its path, or null when there is no folder.</summary>
    private string? SaveCheckpoint(CheckpointFolder? folder, torch.nn.Module model, torch.optim.Optimizer optimizer,
        int completedEpochs, long stepsInEpoch, long totalSteps, double learningRate, double bestScore, byte[] bestWeights)
    {
        if (folder is null)
            return null;
        var checkpoint = new TrainingCheckpoint
        {
            Kind = _settings.CheckpointKind,
            Settings = _settings.NetworkSettings,
            CompletedEpochs = completedEpochs,
            StepsInEpoch = stepsInEpoch,
            TotalSteps = totalSteps,
            LearningRate = learningRate,
            BestScore = bestScore,
            BestEpoch = BestEpoch,
            Weights = WeightBytes(model),
            OptimizerState = OptimizerBytes(optimizer),
            RandomState = RandomStateBytes(),
            BestWeights = bestWeights,
        };
        return folder.Save(checkpoint);
    }

    /// <summary>Loads weights, optimizer state and random state from <paramref name="checkpoint"/>.</summary>
    public static void RestoreFrom(TrainingCheckpoint checkpoint, torch.nn.Module model, torch.optim.Optimizer optimizer)
    {
        LoadWeightBytes(model, checkpoint.Weights);
        using (var reader = new BinaryReader(new MemoryStream(checkpoint.OptimizerState, writable: false)))
            ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
        using var state = torch.tensor(checkpoint.RandomState, dtype: torch.ScalarType.Byte);
        torch.random.set_rng_state(state);
    }

    public static byte[] WeightBytes(torch.nn.Module model)
    {
        using var buffer = new MemoryStream();
        WeightBlob.Write(buffer, model);
        return buffer.ToArray();
    }

    public static void LoadWeightBytes(torch.nn.Module model, byte[] weights, string description = "checkpoint weights")
    {
        using var buffer = new MemoryStream(weights, writable: false);
        WeightBlob.Read(buffer, model, description);
    }

    private static byte[] OptimizerBytes(torch.optim.Optimizer optimizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        return buffer.ToArray();
    }

    private static byte[] RandomStateBytes()
    {
        using var state = torch.random.get_rng_state();
        return state.data<byte>().ToArray();
    }
}

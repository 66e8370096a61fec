using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using SplitBrain.MLNet.Training;

namespace SplitBrain.MLNet;

/// <summary>
/// Self-supervised split-brain pretraining (Zhang, Isola and Efros, CVPR 2017, https://arxiv.org/abs/1611.09842):
/// two fully convolutional nets each predict the other channel group of an image as per-cell classes on the label
/// grid, trained with per-cell cross-entropy (the two losses added). Reached through
/// <c>mlContext.Transforms.SplitBrainPretrain(...)</c>; <see cref="Fit"/> trains and returns a featurizer.
/// </summary>
/// <remarks>
/// <para><b>Input</b>: the four columns of LabQuantize (<see cref="LabQuantizingEstimator"/>) on square images. The class
/// counts come from the label columns' <see cref="LabQuantizingEstimator.ClassCountAnnotation"/>.</para>
/// <para><b>Training</b>: Adam; the learning rate is multiplied by <see cref="Options.LearningRateDecay"/> after every
/// epoch. Batches stream from the data view cursor through a bounded background prefetch and are shuffled per
/// epoch by (seed, epoch). Progress goes to the MLContext's log; <c>mlContext.CancelExecution()</c> stops at the
/// next step boundary after writing a checkpoint. On the CPU the same seed and data give identical weights.</para>
/// <para>| Does this estimator need to look at the data to train its parameters? | Yes |
/// | Input columns | SingleChannel, PairChannels (float vectors), SingleLabels, PairLabels (int32 vectors) |
/// | Output column | Features: float vector |</para>
/// </remarks>
public sealed class SplitBrainPretrainEstimator : IEstimator<SplitBrainPretrainTransformer>
{
    private readonly IHostEnvironment _environment;
    private readonly Options _options;

    /// <summary>Settings of <see cref="SplitBrainPretrainEstimator"/>. Defaults follow the 2019 reference unless noted.</summary>
    public sealed class Options
    {
        /// <summary>The single-channel network input (1×H×W floats).</summary>
        public string SingleChannelColumnName { get; set; } = ColumnNames.SingleChannel;

        /// <summary>The two-channel network input (2×H×W floats).</summary>
        public string PairChannelsColumnName { get; set; } = ColumnNames.PairChannels;

        /// <summary>The single-channel classes (grid² int32).</summary>
        public string SingleLabelsColumnName { get; set; } = ColumnNames.SingleLabels;

        /// <summary>The joint pair classes (grid² int32).</summary>
        public string PairLabelsColumnName { get; set; } = ColumnNames.PairLabels;

        /// <summary>The output feature column added by the fitted transformer.</summary>
        public string FeatureColumnName { get; set; } = ColumnNames.Features;

        /// <summary>Encoder architecture of both nets.</summary>
        public EncoderKind Encoder { get; set; } = EncoderKind.Simple;

        /// <summary>What the fitted transformer outputs as features: the reference's concatenated score maps, or pooled
        /// hidden activations (much smaller, and better for ML.NET's linear trainers).</summary>
        public SplitBrainFeatureKind FeatureKind { get; set; } = SplitBrainFeatureKind.ScoreMaps;

        /// <summary>Images per step, at least 1.</summary>
        public int BatchSize { get; set; } = 64;

        /// <summary>Passes over the data, at least 1.</summary>
        public int Epochs { get; set; } = 10;

        /// <summary>Adam's learning rate in the first epoch, above 0.</summary>
        public double LearningRate { get; set; } = 1e-4;

        /// <summary>Factor applied to the learning rate after every epoch, in (0, 1]. The reference used 0.1, which
        /// all but stops learning after two or three epochs; 1 keeps the rate constant (docs/results.md).</summary>
        public double LearningRateDecay { get; set; } = 1.0;

        /// <summary>Seeds the weight initialisation and the per-epoch shuffles.</summary>
        public int Seed { get; set; }

        /// <summary>CPU threads for TorchSharp; 0 keeps its default (all cores).</summary>
        public int Threads { get; set; }

        /// <summary>Where the networks train.</summary>
        public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

        /// <summary>The CUDA device used when <see cref="Device"/> picks CUDA.</summary>
        public int CudaDeviceId { get; set; }

        /// <summary>Folder for per-epoch checkpoints (written atomically); null writes none.</summary>
        public string? CheckpointFolder { get; set; }

        /// <summary>How many of the newest checkpoints to keep, at least 1.</summary>
        public int KeepCheckpoints { get; set; } = 2;

        /// <summary>A checkpoint file (or a checkpoint folder, meaning its newest file) to continue from.</summary>
        public string? ResumeFrom { get; set; }

        /// <summary>Log an info line every this many steps; 0 logs per epoch only.</summary>
        public int InfoEveryNSteps { get; set; } = 50;

        /// <summary>Batches prepared ahead of the training step by the background reader, at least 1.</summary>
        public int PrefetchBatches { get; set; } = 3;

        /// <summary>Optional: receives a report after every step (for progress bars).</summary>
        public IProgress<TrainingProgress>? Progress { get; set; }
    }

    internal SplitBrainPretrainEstimator(IHostEnvironment environment, Options options)
    {
        _environment = environment;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Validate(options);
    }

    /// <summary>The per-epoch mean losses of the last <see cref="Fit"/>, for plots and logs.</summary>
    public IReadOnlyList<(int Epoch, Dictionary<string, double> Values)> History { get; private set; } =
        Array.Empty<(int, Dictionary<string, double>)>();

    /// <summary>The checkpoint files the last <see cref="Fit"/> wrote.</summary>
    public IReadOnlyList<string> CheckpointsWritten { get; private set; } = Array.Empty<string>();

    /// <summary>Trains both nets on <paramref name="input"/> and returns the featurizer.</summary>
    public SplitBrainPretrainTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pretrainer = new SplitBrainPretrainer(_environment, _options);
        SplitBrainPretrainTransformer result = pretrainer.Train(input);
        History = pretrainer.History;
        CheckpointsWritten = pretrainer.CheckpointsWritten;
        return result;
    }

    /// <summary>The schema after the fitted transformer: a Features float vector added.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        foreach (string name in new[] { _options.SingleChannelColumnName, _options.PairChannelsColumnName })
        {
            if (!inputSchema.TryFindColumn(name, out var column))
                throw new ArgumentOutOfRangeException(nameof(inputSchema), name, $"Column '{name}' is missing; add LabQuantize first.");
            if (column.ItemType != NumberDataViewType.Single || column.Kind != SchemaShape.Column.VectorKind.Vector)
                throw new ArgumentOutOfRangeException(nameof(inputSchema), name, $"Column '{name}' must be a float vector; found {column.ItemType}.");
        }
        var result = inputSchema.ToDictionary(c => c.Name);
        result[_options.FeatureColumnName] = new SchemaShape.Column(_options.FeatureColumnName,
            SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false);
        return new SchemaShape(result.Values);
    }

    internal static void Validate(Options o)
    {
        if (!Enum.IsDefined(o.Encoder))
            throw new ArgumentOutOfRangeException(nameof(o.Encoder), o.Encoder, "Unknown encoder; expected Simple, AlexNet, ResNet18, ResNet18NoFinalRelu or GoogLeNet.");
        if (!Enum.IsDefined(o.FeatureKind))
            throw new ArgumentOutOfRangeException(nameof(o.FeatureKind), o.FeatureKind, "Unknown feature kind; expected ScoreMaps or PooledHidden.");
        if (o.BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(o.BatchSize), o.BatchSize, "The batch size must be at least 1.");
        if (o.Epochs < 1)
            throw new ArgumentOutOfRangeException(nameof(o.Epochs), o.Epochs, "Train for at least 1 epoch.");
        if (!(o.LearningRate > 0) || double.IsInfinity(o.LearningRate))
            throw new ArgumentOutOfRangeException(nameof(o.LearningRate), o.LearningRate, "The learning rate must be a positive number.");
        if (!(o.LearningRateDecay > 0 && o.LearningRateDecay <= 1))
            throw new ArgumentOutOfRangeException(nameof(o.LearningRateDecay), o.LearningRateDecay, "The learning-rate decay must be in (0, 1].");
        if (o.KeepCheckpoints < 1)
            throw new ArgumentOutOfRangeException(nameof(o.KeepCheckpoints), o.KeepCheckpoints, "Keep at least 1 checkpoint.");
        if (o.PrefetchBatches < 1)
            throw new ArgumentOutOfRangeException(nameof(o.PrefetchBatches), o.PrefetchBatches, "Prefetch at least 1 batch.");
        if (o.InfoEveryNSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(o.InfoEveryNSteps), o.InfoEveryNSteps, "Expected 0 (per epoch only) or more.");
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using SplitBrain.MLNet.Training;

namespace SplitBrain.MLNet;

/// <summary>
/// Fine-tunes a classifier head, and by default the encoders too, on LabQuantize's columns and a key label: the
/// second stage of the split-brain method. Reached through
/// <c>mlContext.MulticlassClassification.Trainers.SplitBrainClassifier(...)</c>.
/// </summary>
/// <remarks>
/// <para>It starts from <see cref="Options.Pretrained"/> (a fitted SplitBrainPretrainTransformer),
/// <see cref="Options.PretrainedAutoencoder"/> (the denoising-autoencoder baseline), a pretraining checkpoint file
/// (<see cref="Options.PretrainedCheckpoint"/>), or, with <see cref="Options.FromScratch"/>, randomly initialised
/// encoders (the from-scratch baseline).</para>
/// <para><b>Outputs</b> follow ML.NET's multiclass conventions: Score, a float vector of class probabilities whose slot
/// names are the class names, and PredictedLabel, a key of the label's key type with its key values; so
/// <c>mlContext.MulticlassClassification.Evaluate</c> and <c>MapKeyToValue</c> work on them.</para>
/// <para><b>Validation</b>: with <see cref="Options.ValidationData"/>, top-1 and top-k accuracy are reported per epoch
/// (ties never count as hits), training stops after <see cref="Options.EarlyStoppingPatience"/> epochs without a
/// better top-1, and the best epoch's weights are restored however training ended.</para>
/// </remarks>
public sealed class SplitBrainClassifierTrainer : IEstimator<SplitBrainClassifierTransformer>
{
    private readonly IHostEnvironment _environment;
    private readonly Options _options;

    /// <summary>Settings of <see cref="SplitBrainClassifierTrainer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The class label: a key column (MapValueToKey, or the library's image folder source).</summary>
        public string LabelColumnName { get; set; } = ColumnNames.Label;

        /// <summary>LabQuantize's single-channel plane.</summary>
        public string SingleChannelColumnName { get; set; } = ColumnNames.SingleChannel;

        /// <summary>LabQuantize's two-channel planes.</summary>
        public string PairChannelsColumnName { get; set; } = ColumnNames.PairChannels;

        /// <summary>LabQuantize's single-channel labels (read only to check the grid and bins against the pretrained model).</summary>
        public string SingleLabelsColumnName { get; set; } = ColumnNames.SingleLabels;

        /// <summary>LabQuantize's pair labels (read only for the same check).</summary>
        public string PairLabelsColumnName { get; set; } = ColumnNames.PairLabels;

        /// <summary>Output: class probabilities.</summary>
        public string ScoreColumnName { get; set; } = ColumnNames.Score;

        /// <summary>Output: the predicted class.</summary>
        public string PredictedLabelColumnName { get; set; } = ColumnNames.PredictedLabel;

        /// <summary>A fitted split-brain featurizer to start from; its weights are copied, never changed.</summary>
        public SplitBrainPretrainTransformer? Pretrained { get; set; }

        /// <summary>A fitted denoising-autoencoder featurizer (the baseline) to start from.</summary>
        public DenoisingAutoencoderTransformer? PretrainedAutoencoder { get; set; }

        /// <summary>A pretraining checkpoint file (.sbckpt), or a folder meaning its newest checkpoint, to start from.</summary>
        public string? PretrainedCheckpoint { get; set; }

        /// <summary>Start from randomly initialised encoders (the from-scratch baseline) instead of a pretrained model.</summary>
        public bool FromScratch { get; set; }

        /// <summary>The encoder architecture when <see cref="FromScratch"/> is set.</summary>
        public EncoderKind FromScratchEncoder { get; set; } = EncoderKind.Simple;

        /// <summary>The head on the features: one linear layer, or linear → 1000 → BatchNorm → ReLU → linear.</summary>
        public ClassifierHeadKind Head { get; set; } = ClassifierHeadKind.Linear;

        /// <summary>Which activations feed the head: the concatenated score maps (as the reference) or pooled hidden stages.</summary>
        public SplitBrainFeatureKind FeatureKind { get; set; } = SplitBrainFeatureKind.ScoreMaps;

        /// <summary>Train the head only, keeping the encoders (and their BatchNorm statistics) fixed.</summary>
        public bool FreezeEncoders { get; set; }

        /// <summary>Images per step, at least 2.</summary>
        public int BatchSize { get; set; } = 64;

        /// <summary>The most epochs to train, at least 1.</summary>
        public int Epochs { get; set; } = 30;

        /// <summary>Adam's learning rate in the first epoch.</summary>
        public double LearningRate { get; set; } = 1e-4;

        /// <summary>Factor applied to the learning rate after every epoch, in (0, 1].</summary>
        public double LearningRateDecay { get; set; } = 1.0;

        /// <summary>Seeds head initialisation (and encoders from scratch) and the per-epoch shuffles.</summary>
        public int Seed { get; set; }

        /// <summary>CPU threads for TorchSharp; 0 keeps its default.</summary>
        public int Threads { get; set; }

        /// <summary>Where training runs.</summary>
        public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

        /// <summary>The CUDA device used when <see cref="Device"/> picks CUDA.</summary>
        public int CudaDeviceId { get; set; }

        /// <summary>Optional validation rows (same columns) for per-epoch top-1/top-k and early stopping.</summary>
        public IDataView? ValidationData { get; set; }

        /// <summary>The k of the per-epoch validation top-k accuracy: at least 1, and below the class count when
        /// <see cref="ValidationData"/> is given (otherwise unused).</summary>
        public int TopK { get; set; } = 5;

        /// <summary>Epochs without a better validation top-1 before stopping; 0 stops at the first epoch that is not
        /// better (the 2019 reference's rule).</summary>
        public int EarlyStoppingPatience { get; set; } = 5;

        /// <summary>Folder for per-epoch checkpoints; null writes none.</summary>
        public string? CheckpointFolder { get; set; }

        /// <summary>How many of the newest checkpoints to keep.</summary>
        public int KeepCheckpoints { get; set; } = 2;

        /// <summary>A fine-tuning checkpoint file, or folder, to continue from.</summary>
        public string? ResumeFrom { get; set; }

        /// <summary>Log an info line every this many steps; 0 logs per epoch only.</summary>
        public int InfoEveryNSteps { get; set; } = 50;

        /// <summary>Batches prepared ahead by the background reader.</summary>
        public int PrefetchBatches { get; set; } = 3;

        /// <summary>Optional: receives a report after every step and epoch.</summary>
        public IProgress<TrainingProgress>? Progress { get; set; }
    }

    internal SplitBrainClassifierTrainer(IHostEnvironment environment, Options options)
    {
        _environment = environment;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        SplitBrainClassifierFitter.ValidateOptions(options);
    }

    /// <summary>Per-epoch mean loss and validation metrics of the last <see cref="Fit"/>.</summary>
    public IReadOnlyList<(int Epoch, Dictionary<string, double> Values)> History { get; private set; } =
        Array.Empty<(int, Dictionary<string, double>)>();

    /// <summary>The epoch whose weights the last fitted model holds (the best on validation); -1 without validation.</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>Trains on <paramref name="input"/> and returns the classifier.</summary>
    public SplitBrainClassifierTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var fitter = new SplitBrainClassifierFitter(_environment, _options);
        var model = fitter.Train(input);
        History = fitter.History;
        BestEpoch = fitter.BestEpoch;
        return model;
    }

    /// <summary>The schema after the classifier: Score and PredictedLabel added.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (!inputSchema.TryFindColumn(_options.LabelColumnName, out var label))
            throw new ArgumentOutOfRangeException(nameof(inputSchema), _options.LabelColumnName,
                $"Label column '{_options.LabelColumnName}' is missing.");
        var result = inputSchema.ToDictionary(c => c.Name);
        result[_options.ScoreColumnName] = new SchemaShape.Column(_options.ScoreColumnName, SchemaShape.Column.VectorKind.Vector,
            NumberDataViewType.Single, false);
        result[_options.PredictedLabelColumnName] = new SchemaShape.Column(_options.PredictedLabelColumnName,
            SchemaShape.Column.VectorKind.Scalar, label.ItemType, true, label.Annotations);
        return new SchemaShape(result.Values);
    }
}

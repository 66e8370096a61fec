using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using SplitBrain.MLNet.Networks;
using SplitBrain.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet;

/// <summary>
/// The 2019 reference's baseline: a 5-layer convolutional denoising autoencoder on RGB images, trained to rebuild the
/// clean image from a copy with 5% salt-and-pepper pixels (mean squared error). Its encoder mirrors the Simple
/// encoder, so the same classifier heads fit on it. Reached through
/// <c>mlContext.Transforms.DenoisingAutoencoderPretrain(...)</c>; needs LabQuantize with <see cref="ColorSpace.Rgb"/>,
/// whose single channel (R) and pair (G, B) are joined back into RGB/255.
/// </summary>
public sealed class DenoisingAutoencoderEstimator : IEstimator<DenoisingAutoencoderTransformer>
{
    private const string CheckpointKind = "dae";
    private static readonly string[] LossNames = { "reconstruction" };

    private readonly IHostEnvironment _environment;
    private readonly Options _options;

    /// <summary>Settings of <see cref="DenoisingAutoencoderEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>LabQuantize (Rgb) single channel: R/255.</summary>
        public string SingleChannelColumnName { get; set; } = ColumnNames.SingleChannel;

        /// <summary>LabQuantize (Rgb) pair: G/255, B/255.</summary>
        public string PairChannelsColumnName { get; set; } = ColumnNames.PairChannels;

        /// <summary>LabQuantize's single labels (read only for the grid size).</summary>
        public string SingleLabelsColumnName { get; set; } = ColumnNames.SingleLabels;

        /// <summary>LabQuantize's pair labels (read only for the grid size).</summary>
        public string PairLabelsColumnName { get; set; } = ColumnNames.PairLabels;

        /// <summary>The output feature column.</summary>
        public string FeatureColumnName { get; set; } = ColumnNames.Features;

        /// <summary>Channels of the code (the encoder's last layer), at least 1.</summary>
        public int CodeChannels { get; set; } = DenoisingAutoencoder.DefaultCodeChannels;

        /// <summary>Share of pixels set to 0 or 1 in the corrupted copy, in [0, 1).</summary>
        public double NoiseFraction { get; set; } = SaltAndPepperNoise.DefaultPixelFraction;

        /// <summary>What the fitted transformer outputs as features.</summary>
        public SplitBrainFeatureKind FeatureKind { get; set; } = SplitBrainFeatureKind.ScoreMaps;

        /// <summary>Images per step.</summary>
        public int BatchSize { get; set; } = 64;

        /// <summary>Passes over the data.</summary>
        public int Epochs { get; set; } = 10;

        /// <summary>Adam's learning rate.</summary>
        public double LearningRate { get; set; } = 1e-4;

        /// <summary>Factor applied to the learning rate after every epoch, in (0, 1].</summary>
        public double LearningRateDecay { get; set; } = 1.0;

        /// <summary>Seeds initialisation, noise and shuffles.</summary>
        public int Seed { get; set; }

        /// <summary>CPU threads for TorchSharp; 0 keeps its default.</summary>
        public int Threads { get; set; }

        /// <summary>Where training runs.</summary>
        public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

        /// <summary>The CUDA device used when <see cref="Device"/> picks CUDA.</summary>
        public int CudaDeviceId { get; set; }

        /// <summary>Folder for per-epoch checkpoints; null writes none.</summary>
        public string? CheckpointFolder { get; set; }

        /// <summary>Log an info line every this many steps.</summary>
        public int InfoEveryNSteps { get; set; } = 50;

        /// <summary>Optional: receives a report after every step.</summary>
        public IProgress<TrainingProgress>? Progress { get; set; }
    }

    internal DenoisingAutoencoderEstimator(IHostEnvironment environment, Options options)
    {
        _environment = environment;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.CodeChannels < 1)
            throw new ArgumentOutOfRangeException(nameof(options.CodeChannels), options.CodeChannels, "Expected at least 1 code channel.");
        if (!(options.NoiseFraction >= 0 && options.NoiseFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(options.NoiseFraction), options.NoiseFraction, "Expected a fraction in [0, 1).");
        SplitBrainPretrainEstimator.Validate(new SplitBrainPretrainEstimator.Options
        {
            BatchSize = options.BatchSize, Epochs = options.Epochs, LearningRate = options.LearningRate,
            LearningRateDecay = options.LearningRateDecay, InfoEveryNSteps = options.InfoEveryNSteps, FeatureKind = options.FeatureKind,
        });
    }

    /// <summary>Per-epoch mean reconstruction loss of the last <see cref="Fit"/>.</summary>
    public IReadOnlyList<(int Epoch, Dictionary<string, double> Values)> History { get; private set; } =
        Array.Empty<(int, Dictionary<string, double>)>();

    /// <summary>Trains the autoencoder and returns its encoder as a featurizer.</summary>
    public DenoisingAutoencoderTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = _options;
        var shape = PretrainInputShape.From(input.Schema, o.SingleChannelColumnName, o.PairChannelsColumnName,
            o.SingleLabelsColumnName, o.PairLabelsColumnName);
        if (shape.ColorSpace != ColorSpace.Rgb)
            throw new ArgumentOutOfRangeException(nameof(input), o.SingleChannelColumnName,
                $"Column '{o.SingleChannelColumnName}' comes from LabQuantize with {shape.ColorSpace}; the denoising autoencoder " +
                "works on RGB: use LabQuantize(colorSpace: ColorSpace.Rgb).");
        var settings = new SplitBrainNetworkSettings(EncoderKind.Simple, shape.SingleClasses, shape.PairBins, shape.ImageSize,
            shape.GridSize, ColorSpace.Rgb);
        Device device = DeviceSelection.Resolve(o.Device, o.CudaDeviceId);
        DeviceSelection.ApplyThreadCount(o.Threads);
        torch.random.manual_seed(o.Seed);
        var autoencoder = new DenoisingAutoencoder(o.CodeChannels, shape.ImageSize, shape.GridSize);
        autoencoder.to(device);
        using var optimizer = optim.Adam(autoencoder.parameters(), o.LearningRate);
        using var noise = new Generator((ulong)o.Seed);

        int pixels = shape.ImageSize * shape.ImageSize;
        long side = shape.ImageSize;
        var reader = new BatchReader(input, new[]
        {
            new BatchColumn(o.SingleChannelColumnName, BatchColumnKind.FloatVector, pixels),
            new BatchColumn(o.PairChannelsColumnName, BatchColumnKind.FloatVector, 2 * pixels),
        }, o.BatchSize);

        double[] Step(ColumnBatch batch)
        {
            using var scope = NewDisposeScope();
            long n = batch.Count;
            Tensor single = SplitBrainPretrainer.Slice(batch.Floats[0], n, pixels).view(n, 1, side, side);
            Tensor pair = SplitBrainPretrainer.Slice(batch.Floats[1], n, 2 * pixels).view(n, 2, side, side);
            Tensor clean = cat(new[] { single, pair }, 1).to(device);
            Tensor noisy = SaltAndPepperNoise.Apply(clean, noise, o.NoiseFraction);

            optimizer.zero_grad();
            Tensor loss = nn.functional.mse_loss(autoencoder.call(noisy), clean);
            double value = loss.item<float>();
            if (double.IsFinite(value))
            {
                loss.backward();
                optimizer.step();
            }
            return new[] { value };
        }

        using var reporter = new TrainingReporter(_environment, "DenoisingAutoencoder", LossNames);
        var loop = new TrainingLoop(new TrainingLoopSettings("dae", CheckpointKind, settings.ToJson(), LossNames, o.Epochs,
            o.LearningRate, o.LearningRateDecay, o.Seed, o.InfoEveryNSteps, 3, o.CheckpointFolder, 2), reporter, o.Progress);
        loop.Run(reader, autoencoder, optimizer, Step, validate: null, resume: null);
        History = loop.History;
        return new DenoisingAutoencoderTransformer(_environment, autoencoder, settings, o.CodeChannels, o.FeatureKind,
            o.SingleChannelColumnName, o.PairChannelsColumnName, o.FeatureColumnName, device);
    }

    /// <summary>The schema after the fitted transformer: a Features float vector added.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var result = inputSchema.ToDictionary(c => c.Name);
        result[_options.FeatureColumnName] = new SchemaShape.Column(_options.FeatureColumnName,
            SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false);
        return new SchemaShape(result.Values);
    }
}

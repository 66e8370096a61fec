using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using SplitBrain.MLNet.Networks;
using SplitBrain.MLNet.Persistence;
using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Training;

/// <summary>Runs fine-tuning for <see cref="SplitBrainClassifierTrainer"/>.</summary>
internal sealed class SplitBrainClassifierFitter
{
    public const string CheckpointKind = "finetune";
    private static readonly string[] LossNames = { "loss" };

    private readonly IHostEnvironment _environment;
    private readonly SplitBrainClassifierTrainer.Options _options;

    public SplitBrainClassifierFitter(IHostEnvironment environment, SplitBrainClassifierTrainer.Options options)
    {
        _environment = environment;
        _options = options;
    }

    public IReadOnlyList<(int Epoch, Dictionary<string, double> Values)> History { get; private set; } =
        Array.Empty<(int, Dictionary<string, double>)>();

    public int BestEpoch { get; private set; } = -1;

    public static void ValidateOptions(SplitBrainClassifierTrainer.Options o)
    {
        int sources = (o.Pretrained is null ? 0 : 1) + (o.PretrainedAutoencoder is null ? 0 : 1) +
            (o.PretrainedCheckpoint is null ? 0 : 1) + (o.FromScratch ? 1 : 0);
        if (sources != 1)
            throw new ArgumentException(
                $"Give exactly one starting point: Pretrained, PretrainedAutoencoder, PretrainedCheckpoint or FromScratch = true (found {sources}).",
                nameof(o));
        if (!Enum.IsDefined(o.Head))
            throw new ArgumentOutOfRangeException(nameof(o.Head), o.Head, "Unknown head; expected Linear or Mlp.");
        if (!Enum.IsDefined(o.FeatureKind))
            throw new ArgumentOutOfRangeException(nameof(o.FeatureKind), o.FeatureKind, "Unknown feature kind; expected ScoreMaps or PooledHidden.");
        if (!Enum.IsDefined(o.FromScratchEncoder))
            throw new ArgumentOutOfRangeException(nameof(o.FromScratchEncoder), o.FromScratchEncoder, "Unknown encoder.");
        if (o.BatchSize < 2)
            throw new ArgumentOutOfRangeException(nameof(o.BatchSize), o.BatchSize, "The batch size must be at least 2.");
        if (o.TopK < 1)
            throw new ArgumentOutOfRangeException(nameof(o.TopK), o.TopK, "TopK must be at least 1.");
        if (o.EarlyStoppingPatience < 0)
            throw new ArgumentOutOfRangeException(nameof(o.EarlyStoppingPatience), o.EarlyStoppingPatience, "Patience must be 0 or more.");
        SplitBrainPretrainEstimator.Validate(new SplitBrainPretrainEstimator.Options
        {
            Epochs = o.Epochs, LearningRate = o.LearningRate, LearningRateDecay = o.LearningRateDecay,
            KeepCheckpoints = o.KeepCheckpoints, PrefetchBatches = o.PrefetchBatches, InfoEveryNSteps = o.InfoEveryNSteps,
        });
    }

    public SplitBrainClassifierTransformer Train(IDataView data)
    {
        var o = _options;
        string[] classNames = LabelClasses(data.Schema, o.LabelColumnName, "training data");
        int classes = classNames.Length;
        // Top-k is only measured on validation data, so k only has to fit the classes when there is some.
        if (o.ValidationData is not null && o.TopK >= classes)
            throw new ArgumentOutOfRangeException(nameof(o.TopK), o.TopK,
                $"TopK is {o.TopK} but there are only {classes} classes; top-k accuracy needs k below the class count.");
        if (o.ValidationData is not null)
        {
            string[] validationNames = LabelClasses(o.ValidationData.Schema, o.LabelColumnName, "validation data");
            if (!validationNames.SequenceEqual(classNames))
                throw new ArgumentException(
                    $"The validation label classes ({string.Join(", ", validationNames)}) differ from the training classes " +
                    $"({string.Join(", ", classNames)}).", nameof(o.ValidationData));
        }
        CheckEveryClassHasRows(data, o.LabelColumnName, classNames);

        var shape = PretrainInputShape.From(data.Schema, o.SingleChannelColumnName, o.PairChannelsColumnName,
            o.SingleLabelsColumnName, o.PairLabelsColumnName);
        Device device = DeviceSelection.Resolve(o.Device, o.CudaDeviceId);
        DeviceSelection.ApplyThreadCount(o.Threads);
        torch.random.manual_seed(o.Seed);
        (BackboneSettings backboneSettings, FeatureBackbone backbone) = BuildBackbone(shape);
        var network = new ClassifierNetwork(backbone, o.Head, classes);
        network.to(device);
        if (o.FreezeEncoders)
        {
            foreach (var parameter in backbone.parameters())
                parameter.requires_grad = false;
        }
        var trainable = network.parameters().Where(p => p.requires_grad).ToList();
        using var optimizer = optim.Adam(trainable, o.LearningRate);

        int pixels = shape.ImageSize * shape.ImageSize;
        long side = shape.ImageSize;
        BatchColumn[] columns =
        {
            new(o.SingleChannelColumnName, BatchColumnKind.FloatVector, pixels),
            new(o.PairChannelsColumnName, BatchColumnKind.FloatVector, 2 * pixels),
            new(o.LabelColumnName, BatchColumnKind.Key, 1),
        };
        var reader = new BatchReader(data, columns, o.BatchSize);
        var settingsJson = new ClassifierSettings(backboneSettings, o.Head, classes).ToJson();
        TrainingCheckpoint? resume = ResumeCheckpoint(o.ResumeFrom, settingsJson);

        using var reporter = new TrainingReporter(_environment, "SplitBrainClassifier", LossNames);
        reporter.Info($"Fine-tuning a {backboneSettings.Kind} {backboneSettings.Network.Encoder} backbone with a {o.Head} head " +
            $"on {classes} classes ({(o.FreezeEncoders ? "head only" : "all layers")}), {backbone.FeatureWidth} features, on {device}.");
        var loop = new TrainingLoop(new TrainingLoopSettings("finetune", CheckpointKind, settingsJson, LossNames, o.Epochs,
            o.LearningRate, o.LearningRateDecay, o.Seed, o.InfoEveryNSteps, o.PrefetchBatches, o.CheckpointFolder,
            o.KeepCheckpoints, o.ValidationData is null ? int.MaxValue : o.EarlyStoppingPatience), reporter, o.Progress);

        double[] Step(ColumnBatch batch)
        {
            long n = batch.Count;
            // BatchNorm1d in the Mlp head cannot train on a single row; a last batch of one is skipped.
            if (n < 2 && o.Head == ClassifierHeadKind.Mlp)
                return new[] { 0.0 };
            using var scope = NewDisposeScope();
            if (o.FreezeEncoders)
                backbone.eval();
            Tensor single = SplitBrainPretrainer.Slice(batch.Floats[0], n, pixels).view(n, 1, side, side).to(device);
            Tensor pair = SplitBrainPretrainer.Slice(batch.Floats[1], n, 2 * pixels).view(n, 2, side, side).to(device);
            Tensor labels = SplitBrainPretrainer.Slice(batch.Integers[2], n, 1).to(device);

            optimizer.zero_grad();
            Tensor loss = nn.functional.cross_entropy(network.call(single, pair), labels);
            double value = loss.item<float>();
            if (double.IsFinite(value))
            {
                loss.backward();
                optimizer.step();
            }
            return new[] { value };
        }

        Func<(double, Dictionary<string, double>)>? validate = null;
        if (o.ValidationData is not null)
        {
            var validationReader = new BatchReader(o.ValidationData, columns, o.BatchSize);
            validate = () =>
            {
                var (top1, topK) = Evaluate(network, validationReader, device, side, pixels, o.TopK);
                return (top1, new Dictionary<string, double> { ["top1"] = top1, [$"top{o.TopK}"] = topK });
            };
        }

        loop.Run(reader, network, optimizer, Step, validate, resume);
        History = loop.History;
        BestEpoch = loop.BestEpoch;
        foreach (var parameter in network.parameters())
            parameter.requires_grad = true;
        return new SplitBrainClassifierTransformer(_environment, network, new ClassifierSettings(backboneSettings, o.Head, classes),
            classNames, o.SingleChannelColumnName, o.PairChannelsColumnName, o.ScoreColumnName, o.PredictedLabelColumnName, device);
    }

    /// <summary>Top-1 and top-k accuracy of <paramref name="network"/> over a reader's rows, in eval mode without gradients.</summary>
    internal static (double Top1, double TopK) Evaluate(ClassifierNetwork network, BatchReader reader, Device device,
        long side, int pixels, int k)
    {
        network.eval();
        using var noGrad = no_grad();
        long rows = 0, top1 = 0, topK = 0;
        reader.ProduceEpoch(seed: null, epoch: 0, skipBatches: 0, batch =>
        {
            using var scope = NewDisposeScope();
            long n = batch.Count;
            Tensor single = SplitBrainPretrainer.Slice(batch.Floats[0], n, pixels).view(n, 1, side, side).to(device);
            Tensor pair = SplitBrainPretrainer.Slice(batch.Floats[1], n, 2 * pixels).view(n, 2, side, side).to(device);
            Tensor labels = SplitBrainPretrainer.Slice(batch.Integers[2], n, 1).to(device);
            var (hits1, hitsK) = TopKAccuracy.CountHits(network.call(single, pair), labels, k);
            rows += n;
            top1 += hits1;
            topK += hitsK;
        }, CancellationToken.None);
        return rows == 0 ? (0, 0) : ((double)top1 / rows, (double)topK / rows);
    }

    private (BackboneSettings, FeatureBackbone) BuildBackbone(PretrainInputShape shape)
    {
        var o = _options;
        var dataSettings = new SplitBrainNetworkSettings(o.FromScratchEncoder, shape.SingleClasses, shape.PairBins,
            shape.ImageSize, shape.GridSize, shape.ColorSpace);
        if (o.FromScratch)
        {
            var scratch = new BackboneSettings(BackboneKind.SplitBrain, dataSettings, o.FeatureKind);
            return (scratch, scratch.Build());
        }
        if (o.PretrainedAutoencoder is DenoisingAutoencoderTransformer autoencoder)
        {
            CheckFits(autoencoder.Settings with { Encoder = o.FromScratchEncoder, SingleBins = shape.SingleClasses, PairBins = shape.PairBins },
                dataSettings, "the pretrained autoencoder", checkBins: false);
            if (shape.ColorSpace != ColorSpace.Rgb)
                throw new ArgumentException(
                    $"The denoising-autoencoder baseline works on RGB; the data's LabQuantize uses {shape.ColorSpace}. Use ColorSpace.Rgb.",
                    nameof(o.PretrainedAutoencoder));
            var settings = new BackboneSettings(BackboneKind.DenoisingAutoencoder, autoencoder.Settings, o.FeatureKind, autoencoder.CodeChannels);
            var built = settings.Build();
            TrainingLoop.LoadWeightBytes(((AutoencoderBackbone)built).Autoencoder, TrainingLoop.WeightBytes(autoencoder.Autoencoder));
            return (settings, built);
        }

        SplitBrainNetworkSettings pretrainedSettings;
        byte[] weights;
        string description;
        if (o.Pretrained is SplitBrainPretrainTransformer pretrained)
        {
            pretrainedSettings = pretrained.Settings;
            weights = TrainingLoop.WeightBytes(pretrained.Network);
            description = "the pretrained model";
        }
        else
        {
            string path = Directory.Exists(o.PretrainedCheckpoint!)
                ? new CheckpointFolder(o.PretrainedCheckpoint!, SplitBrainPretrainer.CheckpointKind, 1).Latest()
                  ?? throw new FileNotFoundException($"No pretraining checkpoint in folder '{o.PretrainedCheckpoint}'.", o.PretrainedCheckpoint)
                : o.PretrainedCheckpoint!;
            var checkpoint = TrainingCheckpoint.Load(path, SplitBrainPretrainer.CheckpointKind);
            pretrainedSettings = SplitBrainNetworkSettings.FromJson(checkpoint.Settings, path);
            weights = checkpoint.Weights;
            description = $"pretraining checkpoint '{path}'";
        }
        CheckFits(pretrainedSettings, dataSettings, description, checkBins: true);
        var backboneSettings = new BackboneSettings(BackboneKind.SplitBrain, pretrainedSettings, o.FeatureKind);
        var backbone = backboneSettings.Build();
        TrainingLoop.LoadWeightBytes(((SplitBrainBackbone)backbone).Network, weights, description);
        return (backboneSettings, backbone);
    }

    private static void CheckFits(SplitBrainNetworkSettings model, SplitBrainNetworkSettings data, string description, bool checkBins)
    {
        var problems = new List<string>();
        if (model.ImageSize != data.ImageSize)
            problems.Add($"image size {model.ImageSize} vs {data.ImageSize}");
        if (model.GridSize != data.GridSize)
            problems.Add($"label grid {model.GridSize} vs {data.GridSize}");
        if (checkBins && (model.SingleBins != data.SingleBins || model.PairBins != data.PairBins))
            problems.Add($"bins {model.SingleBins}/{model.PairBins} vs {data.SingleBins}/{data.PairBins}");
        if (checkBins && model.ColorSpace != data.ColorSpace)
            problems.Add($"channel groups (colour space) {model.ColorSpace} vs {data.ColorSpace}");
        if (problems.Count > 0)
            throw new ArgumentException(
                $"{char.ToUpperInvariant(description[0])}{description[1..]} does not match the data's LabQuantize output " +
                $"(model vs data): {string.Join("; ", problems)}.");
    }

    internal static string[] LabelClasses(DataViewSchema schema, string labelColumn, string what)
    {
        var column = schema.GetColumnOrNull(labelColumn) ?? throw new ArgumentOutOfRangeException(nameof(schema), labelColumn,
            $"Label column '{labelColumn}' is missing from the {what}. Columns present: {string.Join(", ", schema.Select(c => c.Name))}.");
        if (column.Type is not KeyDataViewType key || key.RawType != typeof(uint))
            throw new ArgumentOutOfRangeException(nameof(schema), labelColumn,
                $"Label column '{labelColumn}' must be a key over UInt32 (use MapValueToKey); found {column.Type}.");
        if (key.Count < 2)
            throw new ArgumentOutOfRangeException(nameof(schema), labelColumn,
                $"Label column '{labelColumn}' has {key.Count} class(es); a classifier needs at least 2.");
        var names = Enumerable.Range(0, (int)key.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (column.Annotations.Schema.GetColumnOrNull(AnnotationUtils.Kinds.KeyValues) is { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            column.GetKeyValues(ref values);
            names = values.DenseValues().Select(v => v.ToString()).ToArray();
        }
        return names;
    }

    private static void CheckEveryClassHasRows(IDataView data, string labelColumn, string[] classNames)
    {
        var counts = new long[classNames.Length];
        var column = data.Schema[labelColumn];
        using var cursor = data.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<uint>(column);
        uint value = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            if (value == 0)
                throw new InvalidDataException($"Label column '{labelColumn}', row {cursor.Position}: the label is missing.");
            counts[value - 1]++;
        }
        var empty = Enumerable.Range(0, counts.Length).Where(i => counts[i] == 0).Select(i => classNames[i]).ToList();
        if (empty.Count > 0)
            throw new ArgumentException(
                $"Label column '{labelColumn}': class(es) {string.Join(", ", empty.Select(n => $"'{n}'"))} have no training rows.", nameof(data));
    }

    private static TrainingCheckpoint? ResumeCheckpoint(string? resumeFrom, string settingsJson)
    {
        if (resumeFrom is null)
            return null;
        string path = Directory.Exists(resumeFrom)
            ? new CheckpointFolder(resumeFrom, CheckpointKind, 1).Latest()
              ?? throw new FileNotFoundException($"No fine-tuning checkpoint in folder '{resumeFrom}'.", resumeFrom)
            : resumeFrom;
        var checkpoint = TrainingCheckpoint.Load(path, CheckpointKind);
        if (checkpoint.Settings != settingsJson)
            throw new InvalidDataException($"Checkpoint '{path}' was made for another classifier: {checkpoint.Settings}.");
        return checkpoint;
    }
}

/// <summary>What shapes a fine-tuned classifier; stored in models and checkpoints.</summary>
internal sealed record ClassifierSettings(BackboneSettings Backbone, ClassifierHeadKind Head, int Classes)
{
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this);

    public static ClassifierSettings FromJson(string json, string description) =>
        System.Text.Json.JsonSerializer.Deserialize<ClassifierSettings>(json)
        ?? throw new InvalidDataException($"{description}: empty classifier settings.");

    public ClassifierNetwork Build() => new(Backbone.Build(), Head, Classes);
}

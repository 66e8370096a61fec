using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using SplitBrain.MLNet;
using SplitBrain.MLNet.Networks;
using SplitBrain.MLNet.Persistence;
using SplitBrain.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(SplitBrainPretrainTransformer), null, typeof(SignatureLoadModel),
    "Split-brain pretrained featurizer", SplitBrainPretrainTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(SplitBrainPretrainTransformer), null, typeof(SignatureLoadRowMapper),
    "Split-brain pretrained featurizer", SplitBrainPretrainTransformer.LoaderSignature)]

namespace SplitBrain.MLNet;

/// <summary>
/// A pretrained split-brain network used as a featurizer: adds a float vector column (Features by default) computed
/// from LabQuantize's SingleChannel and PairChannels columns, in eval mode and without gradients, one image at a time,
/// so an image's features never depend on other rows. Append any ML.NET trainer to it, or fine-tune it with
/// SplitBrainClassifier.
/// </summary>
/// <remarks>
/// Features are <see cref="SplitBrainFeatureKind.ScoreMaps"/> ((pairBins² + singleBins) × grid² values, 28,800 at the
/// defaults) or <see cref="SplitBrainFeatureKind.PooledHidden"/> (for the Simple encoder 192 values). Loaded models run
/// on the CPU. Thread safety: <see cref="ITransformer.Transform"/> and prediction engines may be used from several
/// threads at once (one engine per thread); the network is only read.
/// </remarks>
public sealed class SplitBrainPretrainTransformer : PlaneFeaturizerTransformer
{
    internal const string LoaderSignature = "SplitBrainPretrain";
    internal const string WeightsStreamName = "Weights";

    internal SplitBrainPretrainTransformer(IHostEnvironment environment, SplitBrainNetwork network,
        SplitBrainNetworkSettings settings, SplitBrainFeatureKind featureKind, string singleColumn, string pairColumn,
        string featureColumn, Device device)
        : base(environment.Register(nameof(SplitBrainPretrainTransformer)), settings.ImageSize, singleColumn, pairColumn, featureColumn)
    {
        Network = network;
        Settings = settings;
        FeatureKind = featureKind;
        Device = device;
        Network.eval();
    }

    /// <summary>The encoder architecture of both nets.</summary>
    public EncoderKind Encoder => Settings.Encoder;

    /// <summary>Cells per side of the label grid.</summary>
    public int GridSize => Settings.GridSize;

    /// <summary>Classes of the single channel.</summary>
    public int SingleBins => Settings.SingleBins;

    /// <summary>The colour space of the data it was trained on.</summary>
    public ColorSpace ColorSpace => Settings.ColorSpace;

    /// <summary>Bins per axis of the pair.</summary>
    public int PairBins => Settings.PairBins;

    /// <summary>What the Features column holds.</summary>
    public SplitBrainFeatureKind FeatureKind { get; }

    /// <summary>Values per row in the Features column.</summary>
    public override int FeatureWidth => Network.FeatureWidth(FeatureKind);

    internal SplitBrainNetwork Network { get; }

    internal SplitBrainNetworkSettings Settings { get; }

    internal Device Device { get; }

    /// <summary>Writes the network weights (a self-checking blob, see docs/model-format.md) to a file, atomically.</summary>
    /// <param name="path">The file to write; the same weights always give the same bytes.</param>
    public void SaveWeights(string path) => AtomicFile.Write(path, stream => WeightBlob.Write(stream, Network));

    /// <summary>
    /// Writes the network weights as a PyTorch <c>state_dict</c> with the 2019 reference project's key names
    /// (<c>ch1_net.</c>, <c>ch2_net.</c>), atomically, so the reference code can load them with <c>torch.load</c>.
    /// <see cref="PyTorchImportCatalog.ImportSplitBrainPyTorch"/> reads them back.
    /// </summary>
    /// <param name="path">The <c>.pth</c> file to write.</param>
    public void ExportPyTorch(string path) => ReferenceCheckpoint.Export(Network, path);

    /// <summary>A copy with another feature kind or output column, sharing this network.</summary>
    internal SplitBrainPretrainTransformer WithFeatures(SplitBrainFeatureKind kind, string featureColumn) =>
        new(Host, Network, Settings, kind, SingleChannelColumnName, PairChannelsColumnName, featureColumn, Device);

    // Model format: docs/model-format.md, "SplitBrainPretrain". Version history:
    // 0x00010001: initial.
    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "SBPRETRN",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: ModelVersions.LoaderAssemblyName);

    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        // int32 encoder, single bins, pair bins, image size, grid size, feature kind, colour space; 3 column names; stream Weights.
        ctx.Writer.Write((int)Settings.Encoder);
        ctx.Writer.Write(Settings.SingleBins);
        ctx.Writer.Write(Settings.PairBins);
        ctx.Writer.Write(Settings.ImageSize);
        ctx.Writer.Write(Settings.GridSize);
        ctx.Writer.Write((int)FeatureKind);
        ctx.Writer.Write((int)Settings.ColorSpace);
        ctx.SaveNonEmptyString(SingleChannelColumnName);
        ctx.SaveNonEmptyString(PairChannelsColumnName);
        ctx.SaveNonEmptyString(FeatureColumnName);
        ctx.SaveBinaryStream(WeightsStreamName, writer => WeightBlob.Write(writer.BaseStream, Network));
    }

    private static SplitBrainPretrainTransformer Create(IHostEnvironment environment, ModelLoadContext ctx)
    {
        ModelVersions.CheckReadable(ctx, GetVersionInfo(), "SplitBrainPretrain");
        var encoder = (EncoderKind)ctx.Reader.ReadInt32();
        if (!Enum.IsDefined(encoder))
            throw new InvalidDataException($"SplitBrainPretrain entry: unknown encoder value {(int)encoder}.");
        var settings = new SplitBrainNetworkSettings(encoder, ctx.Reader.ReadInt32(), ctx.Reader.ReadInt32(),
            ctx.Reader.ReadInt32(), ctx.Reader.ReadInt32());
        var featureKind = (SplitBrainFeatureKind)ctx.Reader.ReadInt32();
        if (!Enum.IsDefined(featureKind))
            throw new InvalidDataException($"SplitBrainPretrain entry: unknown feature kind value {(int)featureKind}.");
        var space = (ColorSpace)ctx.Reader.ReadInt32();
        if (!Enum.IsDefined(space))
            throw new InvalidDataException($"SplitBrainPretrain entry: unknown colour space value {(int)space}.");
        settings = settings with { ColorSpace = space };
        string single = ctx.LoadNonEmptyString(), pair = ctx.LoadNonEmptyString(), feature = ctx.LoadNonEmptyString();
        SplitBrainNetwork network = settings.Build();
        bool found = ctx.TryLoadBinaryStream(WeightsStreamName,
            reader => WeightBlob.Read(reader.BaseStream, network, "SplitBrainPretrain entry, stream Weights"));
        if (!found)
            throw new InvalidDataException("SplitBrainPretrain entry: the Weights stream is missing.");
        return new SplitBrainPretrainTransformer(environment, network, settings, featureKind, single, pair, feature, CPU);
    }

    private static IRowMapper Create(IHostEnvironment environment, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(environment, ctx).MakeRowMapper(inputSchema);

    /// <summary>Features of a batch of images: N×<see cref="FeatureWidth"/>, on the transformer's device.</summary>
    private protected override Tensor Featurize(Tensor single, Tensor pair)
    {
        using var noGrad = no_grad();
        return Network.ForwardFeatures(single.to(Device), pair.to(Device), FeatureKind);
    }

    /// <summary>Releases the network's native memory.</summary>
    public override void Dispose() => Network.Dispose();
}

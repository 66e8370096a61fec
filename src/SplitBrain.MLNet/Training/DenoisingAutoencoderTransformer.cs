using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using SplitBrain.MLNet;
using SplitBrain.MLNet.Networks;
using SplitBrain.MLNet.Persistence;
using SplitBrain.MLNet.Training;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(DenoisingAutoencoderTransformer), null, typeof(SignatureLoadModel),
    "Denoising autoencoder featurizer", DenoisingAutoencoderTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(DenoisingAutoencoderTransformer), null, typeof(SignatureLoadRowMapper),
    "Denoising autoencoder featurizer", DenoisingAutoencoderTransformer.LoaderSignature)]

namespace SplitBrain.MLNet;

/// <summary>
/// The encoder of a trained denoising autoencoder (the 2019 reference's baseline) as a featurizer over LabQuantize's
/// Rgb planes. Saves to and loads from ML.NET model zips; fine-tune it with SplitBrainClassifier
/// (Options.PretrainedAutoencoder).
/// </summary>
public sealed class DenoisingAutoencoderTransformer : PlaneFeaturizerTransformer
{
    internal const string LoaderSignature = "SplitBrainDenoisingAE";
    private const string WeightsStreamName = "Weights";

    internal DenoisingAutoencoderTransformer(IHostEnvironment environment, DenoisingAutoencoder autoencoder,
        SplitBrainNetworkSettings settings, int codeChannels, SplitBrainFeatureKind featureKind, string singleColumn,
        string pairColumn, string featureColumn, Device device)
        : base(environment.Register(nameof(DenoisingAutoencoderTransformer)), settings.ImageSize, singleColumn, pairColumn, featureColumn)
    {
        Autoencoder = autoencoder;
        Settings = settings;
        CodeChannels = codeChannels;
        FeatureKind = featureKind;
        Device = device;
        Autoencoder.eval();
    }

    /// <summary>Channels of the autoencoder's code.</summary>
    public int CodeChannels { get; }

    /// <summary>What the feature column holds.</summary>
    public SplitBrainFeatureKind FeatureKind { get; }

    /// <inheritdoc />
    public override int FeatureWidth => Autoencoder.FeatureWidth(FeatureKind);

    internal DenoisingAutoencoder Autoencoder { get; }

    internal SplitBrainNetworkSettings Settings { get; }

    internal Device Device { get; }

    // Model format: docs/model-format.md, "DenoisingAutoencoder". Version history:
    // 0x00010001: initial.
    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "SBDENAEN",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: ModelVersions.LoaderAssemblyName);

    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        // settings JSON; int32 code channels, feature kind; 3 column names; stream Weights.
        ctx.SaveNonEmptyString(Settings.ToJson());
        ctx.Writer.Write(CodeChannels);
        ctx.Writer.Write((int)FeatureKind);
        ctx.SaveNonEmptyString(SingleChannelColumnName);
        ctx.SaveNonEmptyString(PairChannelsColumnName);
        ctx.SaveNonEmptyString(FeatureColumnName);
        ctx.SaveBinaryStream(WeightsStreamName, writer => WeightBlob.Write(writer.BaseStream, Autoencoder));
    }

    private static DenoisingAutoencoderTransformer Create(IHostEnvironment environment, ModelLoadContext ctx)
    {
        ModelVersions.CheckReadable(ctx, GetVersionInfo(), "DenoisingAutoencoder");
        var settings = SplitBrainNetworkSettings.FromJson(ctx.LoadNonEmptyString(), "DenoisingAutoencoder entry");
        int codeChannels = ctx.Reader.ReadInt32();
        var featureKind = (SplitBrainFeatureKind)ctx.Reader.ReadInt32();
        if (!Enum.IsDefined(featureKind))
            throw new InvalidDataException($"DenoisingAutoencoder entry: unknown feature kind value {(int)featureKind}.");
        string single = ctx.LoadNonEmptyString(), pair = ctx.LoadNonEmptyString(), feature = ctx.LoadNonEmptyString();
        var autoencoder = new DenoisingAutoencoder(codeChannels, settings.ImageSize, settings.GridSize);
        if (!ctx.TryLoadBinaryStream(WeightsStreamName, r => WeightBlob.Read(r.BaseStream, autoencoder, "DenoisingAutoencoder entry, stream Weights")))
            throw new InvalidDataException("DenoisingAutoencoder entry: the Weights stream is missing.");
        return new DenoisingAutoencoderTransformer(environment, autoencoder, settings, codeChannels, featureKind, single, pair, feature, CPU);
    }

    private static IRowMapper Create(IHostEnvironment environment, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(environment, ctx).MakeRowMapper(inputSchema);

    private protected override Tensor Featurize(Tensor single, Tensor pair)
    {
        using var scope = NewDisposeScope();
        Tensor rgb = cat(new[] { single, pair }, 1).to(Device);
        return Autoencoder.ForwardFeatures(rgb, FeatureKind).MoveToOuterDisposeScope();
    }

    /// <summary>Releases the network's native memory.</summary>
    public override void Dispose() => Autoencoder.Dispose();
}

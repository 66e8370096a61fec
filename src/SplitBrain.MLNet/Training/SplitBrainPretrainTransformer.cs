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
public sealed class SplitBrainPretrainTransformer : RowToRowTransformerBase, IDisposable
{
    internal const string LoaderSignature = "SplitBrainPretrain";
    internal const string WeightsStreamName = "Weights";

    internal SplitBrainPretrainTransformer(IHostEnvironment environment, SplitBrainNetwork network,
        SplitBrainNetworkSettings settings, SplitBrainFeatureKind featureKind, string singleColumn, string pairColumn,
        string featureColumn, Device device)
        : base(environment.Register(nameof(SplitBrainPretrainTransformer)))
    {
        Network = network;
        Settings = settings;
        FeatureKind = featureKind;
        SingleChannelColumnName = singleColumn;
        PairChannelsColumnName = pairColumn;
        FeatureColumnName = featureColumn;
        Device = device;
        Network.eval();
    }

    /// <summary>The encoder architecture of both nets.</summary>
    public EncoderKind Encoder => Settings.Encoder;

    /// <summary>Side of the square images the network takes.</summary>
    public int ImageSize => Settings.ImageSize;

    /// <summary>Cells per side of the label grid.</summary>
    public int GridSize => Settings.GridSize;

    /// <summary>Classes of the single channel.</summary>
    public int SingleBins => Settings.SingleBins;

    /// <summary>Bins per axis of the pair.</summary>
    public int PairBins => Settings.PairBins;

    /// <summary>What the Features column holds.</summary>
    public SplitBrainFeatureKind FeatureKind { get; }

    /// <summary>Values per row in the Features column.</summary>
    public int FeatureWidth => Network.FeatureWidth(FeatureKind);

    /// <summary>The single-channel input column.</summary>
    public string SingleChannelColumnName { get; }

    /// <summary>The two-channel input column.</summary>
    public string PairChannelsColumnName { get; }

    /// <summary>The output column.</summary>
    public string FeatureColumnName { get; }

    internal SplitBrainNetwork Network { get; }

    internal SplitBrainNetworkSettings Settings { get; }

    internal Device Device { get; }

    /// <summary>Writes the network weights (a self-checking blob, see docs/model-format.md) to a file, atomically.</summary>
    /// <param name="path">The file to write; the same weights always give the same bytes.</param>
    public void SaveWeights(string path) => AtomicFile.Write(path, stream => WeightBlob.Write(stream, Network));

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
        // int32 encoder, single bins, pair bins, image size, grid size, feature kind; 3 column names; stream Weights.
        ctx.Writer.Write((int)Settings.Encoder);
        ctx.Writer.Write(Settings.SingleBins);
        ctx.Writer.Write(Settings.PairBins);
        ctx.Writer.Write(Settings.ImageSize);
        ctx.Writer.Write(Settings.GridSize);
        ctx.Writer.Write((int)FeatureKind);
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

    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    /// <summary>Features of a batch of images: N×<see cref="FeatureWidth"/>, on the transformer's device.</summary>
    internal Tensor Featurize(Tensor single, Tensor pair)
    {
        using var noGrad = no_grad();
        return Network.ForwardFeatures(single.to(Device), pair.to(Device), FeatureKind);
    }

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose() => Network.Dispose();

    private sealed class Mapper : MapperBase
    {
        private readonly SplitBrainPretrainTransformer _owner;
        private readonly int _singleIndex;
        private readonly int _pairIndex;

        public Mapper(SplitBrainPretrainTransformer owner, DataViewSchema inputSchema)
            : base(owner.Host.Register(nameof(Mapper)), inputSchema, owner)
        {
            _owner = owner;
            int pixels = owner.ImageSize * owner.ImageSize;
            _singleIndex = CheckPlane(inputSchema, owner.SingleChannelColumnName, pixels);
            _pairIndex = CheckPlane(inputSchema, owner.PairChannelsColumnName, 2 * pixels);
        }

        private static int CheckPlane(DataViewSchema schema, string name, int length)
        {
            var column = schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(schema), name,
                $"Column '{name}' is missing; SplitBrainPretrain reads LabQuantize's output.");
            if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item } vector || item.RawType != typeof(float) || vector.Size != length)
                throw new ArgumentOutOfRangeException(nameof(schema), name,
                    $"Column '{name}' must be a float vector of {length} values for this model; found {column.Type}.");
            return column.Index;
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() => new[]
        {
            new DataViewSchema.DetachedColumn(_owner.FeatureColumnName, new VectorDataViewType(NumberDataViewType.Single, _owner.FeatureWidth)),
        };

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput) =>
            column => activeOutput(0) && (column == _singleIndex || column == _pairIndex);

        protected override void SaveModel(ModelSaveContext ctx) => _owner.SaveModel(ctx);

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            disposer = null!;
            var singleGetter = input.GetGetter<VBuffer<float>>(input.Schema[_singleIndex]);
            var pairGetter = input.GetGetter<VBuffer<float>>(input.Schema[_pairIndex]);
            VBuffer<float> single = default, pair = default;
            long side = _owner.ImageSize;
            int width = _owner.FeatureWidth;
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                singleGetter(ref single);
                pairGetter(ref pair);
                using var scope = NewDisposeScope();
                Tensor singleTensor = tensor(single.DenseValues().ToArray()).view(1, 1, side, side);
                Tensor pairTensor = tensor(pair.DenseValues().ToArray()).view(1, 2, side, side);
                float[] features = _owner.Featurize(singleTensor, pairTensor).cpu().data<float>().ToArray();
                var editor = VBufferEditor.Create(ref value, width);
                features.CopyTo(editor.Values);
                value = editor.Commit();
            });
        }
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using SplitBrain.MLNet;
using SplitBrain.MLNet.Persistence;
using SplitBrain.MLNet.Training;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(SplitBrainClassifierTransformer), null, typeof(SignatureLoadModel),
    "Split-brain classifier", SplitBrainClassifierTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(SplitBrainClassifierTransformer), null, typeof(SignatureLoadRowMapper),
    "Split-brain classifier", SplitBrainClassifierTransformer.LoaderSignature)]

namespace SplitBrain.MLNet;

/// <summary>
/// A fine-tuned split-brain (or baseline) classifier. Adds Score (class probabilities, slot names = class names) and
/// PredictedLabel (a key with the class names as key values), computed per image in eval mode without gradients,
/// so one image's scores never depend on other rows. Saves to and loads from ML.NET model zips; loaded models run on
/// the CPU. Transform and prediction engines may be used from several threads (one engine per thread).
/// </summary>
public sealed class SplitBrainClassifierTransformer : RowToRowTransformerBase, IDisposable
{
    internal const string LoaderSignature = "SplitBrainClassifier";
    private const string WeightsStreamName = "Weights";

    private readonly string[] _classNames;

    internal SplitBrainClassifierTransformer(IHostEnvironment environment, ClassifierNetwork network, ClassifierSettings settings,
        string[] classNames, string singleColumn, string pairColumn, string scoreColumn, string predictedLabelColumn, Device device)
        : base(environment.Register(nameof(SplitBrainClassifierTransformer)))
    {
        Network = network;
        Settings = settings;
        _classNames = classNames;
        SingleChannelColumnName = singleColumn;
        PairChannelsColumnName = pairColumn;
        ScoreColumnName = scoreColumn;
        PredictedLabelColumnName = predictedLabelColumn;
        Device = device;
        Network.eval();
    }

    /// <summary>The class names, in class-index order (the label's key values).</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>The side of the square images the model takes.</summary>
    public int ImageSize => Settings.Backbone.Network.ImageSize;

    /// <summary>The colour space of the LabQuantize step the model expects.</summary>
    public ColorSpace ColorSpace => Settings.Backbone.Network.ColorSpace;

    /// <summary>The label grid of the LabQuantize step the model expects.</summary>
    public int GridSize => Settings.Backbone.Network.GridSize;

    /// <summary>The single-channel input column.</summary>
    public string SingleChannelColumnName { get; }

    /// <summary>The two-channel input column.</summary>
    public string PairChannelsColumnName { get; }

    /// <summary>The class-probability output column.</summary>
    public string ScoreColumnName { get; }

    /// <summary>The predicted-class output column.</summary>
    public string PredictedLabelColumnName { get; }

    internal ClassifierNetwork Network { get; }

    internal ClassifierSettings Settings { get; }

    internal Device Device { get; }

    // Model format: docs/model-format.md, "SplitBrainClassifier". Version history:
    // 0x00010001: initial.
    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "SBCLASSF",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: ModelVersions.LoaderAssemblyName);

    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        // settings JSON; int32 class count; class names; 4 column names; stream Weights.
        ctx.SaveNonEmptyString(Settings.ToJson());
        ctx.Writer.Write(_classNames.Length);
        foreach (string name in _classNames)
            ctx.SaveString(name);
        ctx.SaveNonEmptyString(SingleChannelColumnName);
        ctx.SaveNonEmptyString(PairChannelsColumnName);
        ctx.SaveNonEmptyString(ScoreColumnName);
        ctx.SaveNonEmptyString(PredictedLabelColumnName);
        ctx.SaveBinaryStream(WeightsStreamName, writer => WeightBlob.Write(writer.BaseStream, Network));
    }

    private static SplitBrainClassifierTransformer Create(IHostEnvironment environment, ModelLoadContext ctx)
    {
        ModelVersions.CheckReadable(ctx, GetVersionInfo(), "SplitBrainClassifier");
        var settings = ClassifierSettings.FromJson(ctx.LoadNonEmptyString(), "SplitBrainClassifier entry");
        int count = ctx.Reader.ReadInt32();
        if (count != settings.Classes)
            throw new InvalidDataException($"SplitBrainClassifier entry: {count} class names for {settings.Classes} classes.");
        var names = new string[count];
        for (int i = 0; i < count; i++)
            names[i] = ctx.LoadString();
        string single = ctx.LoadNonEmptyString(), pair = ctx.LoadNonEmptyString();
        string score = ctx.LoadNonEmptyString(), predicted = ctx.LoadNonEmptyString();
        ClassifierNetwork network = settings.Build();
        if (!ctx.TryLoadBinaryStream(WeightsStreamName, r => WeightBlob.Read(r.BaseStream, network, "SplitBrainClassifier entry, stream Weights")))
            throw new InvalidDataException("SplitBrainClassifier entry: the Weights stream is missing.");
        return new SplitBrainClassifierTransformer(environment, network, settings, names, single, pair, score, predicted, CPU);
    }

    private static IRowMapper Create(IHostEnvironment environment, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(environment, ctx).MakeRowMapper(inputSchema);

    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    /// <summary>Class probabilities of a batch of images: N×classes on the CPU.</summary>
    internal Tensor PredictProbabilities(Tensor single, Tensor pair)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return nn.functional.softmax(Network.call(single.to(Device), pair.to(Device)), 1).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose() => Network.Dispose();

    private sealed class Mapper : MapperBase
    {
        private readonly SplitBrainClassifierTransformer _owner;
        private readonly int _singleIndex;
        private readonly int _pairIndex;

        public Mapper(SplitBrainClassifierTransformer owner, DataViewSchema inputSchema)
            : base(owner.Host.Register(nameof(Mapper)), inputSchema, owner)
        {
            _owner = owner;
            int pixels = owner.ImageSize * owner.ImageSize;
            _singleIndex = Plane(inputSchema, owner.SingleChannelColumnName, pixels);
            _pairIndex = Plane(inputSchema, owner.PairChannelsColumnName, 2 * pixels);
        }

        private static int Plane(DataViewSchema schema, string name, int length)
        {
            var column = schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(schema), name,
                $"Column '{name}' is missing; the classifier reads LabQuantize's output.");
            if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item } vector || item.RawType != typeof(float) || vector.Size != length)
                throw new ArgumentOutOfRangeException(nameof(schema), name,
                    $"Column '{name}' must be a float vector of {length} values for this model; found {column.Type}.");
            return column.Index;
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore()
        {
            int classes = _owner._classNames.Length;
            var names = new VBuffer<ReadOnlyMemory<char>>(classes, _owner._classNames.Select(n => n.AsMemory()).ToArray());
            var slotNames = new DataViewSchema.Annotations.Builder();
            slotNames.AddSlotNames(classes, (ref VBuffer<ReadOnlyMemory<char>> value) => names.CopyTo(ref value));
            var keyValues = new DataViewSchema.Annotations.Builder();
            keyValues.AddKeyValues(classes, TextDataViewType.Instance, (ref VBuffer<ReadOnlyMemory<char>> value) => names.CopyTo(ref value));
            return new[]
            {
                new DataViewSchema.DetachedColumn(_owner.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, classes),
                    slotNames.ToAnnotations()),
                new DataViewSchema.DetachedColumn(_owner.PredictedLabelColumnName, new KeyDataViewType(typeof(uint), classes),
                    keyValues.ToAnnotations()),
            };
        }

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput) =>
            column => (activeOutput(0) || activeOutput(1)) && (column == _singleIndex || column == _pairIndex);

        protected override void SaveModel(ModelSaveContext ctx) => _owner.SaveModel(ctx);

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            disposer = null!;
            var singleGetter = input.GetGetter<VBuffer<float>>(input.Schema[_singleIndex]);
            var pairGetter = input.GetGetter<VBuffer<float>>(input.Schema[_pairIndex]);
            VBuffer<float> single = default, pair = default;
            float[] probabilities = Array.Empty<float>();
            long cachedPosition = -1;
            long side = _owner.ImageSize;

            void Compute()
            {
                if (cachedPosition == input.Position)
                    return;
                singleGetter(ref single);
                pairGetter(ref pair);
                using var scope = NewDisposeScope();
                Tensor singleTensor = tensor(single.DenseValues().ToArray()).view(1, 1, side, side);
                Tensor pairTensor = tensor(pair.DenseValues().ToArray()).view(1, 2, side, side);
                probabilities = _owner.PredictProbabilities(singleTensor, pairTensor).data<float>().ToArray();
                cachedPosition = input.Position;
            }

            if (iinfo == 0)
            {
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                {
                    Compute();
                    var editor = VBufferEditor.Create(ref value, probabilities.Length);
                    probabilities.CopyTo(editor.Values);
                    value = editor.Commit();
                });
            }
            return (ValueGetter<uint>)((ref uint value) =>
            {
                Compute();
                // Ties go to the lowest class index, as argmax does.
                int best = 0;
                for (int c = 1; c < probabilities.Length; c++)
                {
                    if (probabilities[c] > probabilities[best])
                        best = c;
                }
                value = (uint)best + 1;
            });
        }
    }
}

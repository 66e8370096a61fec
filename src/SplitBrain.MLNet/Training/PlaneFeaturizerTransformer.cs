using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace SplitBrain.MLNet;

/// <summary>
/// The shared base of the library's featurizers (split-brain and denoising autoencoder): adds one float vector column
/// computed from LabQuantize's SingleChannel and PairChannels columns, one image at a time in eval mode without
/// gradients, so an image's features never depend on other rows. Not meant to be derived from outside the library.
/// </summary>
public abstract class PlaneFeaturizerTransformer : RowToRowTransformerBase, IDisposable
{
    private protected PlaneFeaturizerTransformer(IHost host, int imageSize, string singleColumn, string pairColumn, string featureColumn)
        : base(host)
    {
        ImageSize = imageSize;
        SingleChannelColumnName = singleColumn;
        PairChannelsColumnName = pairColumn;
        FeatureColumnName = featureColumn;
    }

    /// <summary>Side of the square images the network takes.</summary>
    public int ImageSize { get; }

    /// <summary>The single-channel input column.</summary>
    public string SingleChannelColumnName { get; }

    /// <summary>The two-channel input column.</summary>
    public string PairChannelsColumnName { get; }

    /// <summary>The output column.</summary>
    public string FeatureColumnName { get; }

    /// <summary>Values per row in the feature column.</summary>
    public abstract int FeatureWidth { get; }

    /// <summary>Features of a batch: single N×1×S×S and pair N×2×S×S in, N×<see cref="FeatureWidth"/> out (CPU or device).</summary>
    private protected abstract Tensor Featurize(Tensor single, Tensor pair);

    /// <summary>Releases the network's native memory.</summary>
    public abstract void Dispose();

    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    private sealed class Mapper : MapperBase
    {
        private readonly PlaneFeaturizerTransformer _owner;
        private readonly int _singleIndex;
        private readonly int _pairIndex;

        public Mapper(PlaneFeaturizerTransformer owner, DataViewSchema inputSchema)
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
                $"Column '{name}' is missing; the featurizer reads LabQuantize's output.");
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
            // ML.NET runs the disposers only when some getter set one, and then runs them all: leave it null.
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
                using var noGrad = no_grad();
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

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using SplitBrain.MLNet;
using SplitBrain.MLNet.Colour;
using SplitBrain.MLNet.Persistence;

[assembly: LoadableClass(typeof(LabQuantizingTransformer), null, typeof(SignatureLoadModel),
    "Split-brain Lab quantizer", LabQuantizingTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(LabQuantizingTransformer), null, typeof(SignatureLoadRowMapper),
    "Split-brain Lab quantizer", LabQuantizingTransformer.LoaderSignature)]

namespace SplitBrain.MLNet;

/// <summary>
/// The fitted LabQuantize transform: see <see cref="LabQuantizingEstimator"/> for its columns. Stateless apart from its
/// settings; saves to and loads from ML.NET model zips.
/// </summary>
public sealed class LabQuantizingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "SplitBrainLabQuantize";

    private readonly LabQuantizingEstimator.Options _options;
    private readonly LabQuantizer _quantizer;

    internal LabQuantizingTransformer(IHostEnvironment environment, LabQuantizingEstimator.Options options, int height, int width)
        : base(environment.Register(nameof(LabQuantizingTransformer)))
    {
        _options = options;
        _quantizer = new LabQuantizer(LabQuantizingEstimator.ToSettings(options));
        ImageHeight = height;
        ImageWidth = width;
    }

    /// <summary>The colour space applied.</summary>
    public ColorSpace ColorSpace => _options.ColorSpace;

    /// <summary>Cells per side of the label grid.</summary>
    public int GridSize => _options.GridSize;

    /// <summary>Classes of the single-channel label.</summary>
    public int SingleBins => _options.SingleBins;

    /// <summary>Bins per axis of the pair label.</summary>
    public int PairBins => _options.PairBins;

    /// <summary>Image rows expected (fixed at Fit from the image column type).</summary>
    public int ImageHeight { get; }

    /// <summary>Image columns expected.</summary>
    public int ImageWidth { get; }

    internal LabQuantizingEstimator.Options Options => _options;

    internal LabQuantizer Quantizer => _quantizer;

    // Model format: see docs/model-format.md, "LabQuantize". Version history:
    // 0x00010001: initial.
    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "SBLABQNT",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: ModelVersions.LoaderAssemblyName);

    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        // int32 colour space, grid, single bins, pair bins, image height, image width; then 5 column names.
        ctx.Writer.Write((int)_options.ColorSpace);
        ctx.Writer.Write(_options.GridSize);
        ctx.Writer.Write(_options.SingleBins);
        ctx.Writer.Write(_options.PairBins);
        ctx.Writer.Write(ImageHeight);
        ctx.Writer.Write(ImageWidth);
        foreach (string name in ColumnNamesInOrder(_options))
            ctx.SaveNonEmptyString(name);
    }

    // Factory for SignatureLoadModel.
    private static LabQuantizingTransformer Create(IHostEnvironment environment, ModelLoadContext ctx)
    {
        ModelVersions.CheckReadable(ctx, GetVersionInfo(), "LabQuantize");
        var options = new LabQuantizingEstimator.Options
        {
            ColorSpace = (ColorSpace)ctx.Reader.ReadInt32(),
            GridSize = ctx.Reader.ReadInt32(),
            SingleBins = ctx.Reader.ReadInt32(),
            PairBins = ctx.Reader.ReadInt32(),
        };
        int height = ctx.Reader.ReadInt32();
        int width = ctx.Reader.ReadInt32();
        options.InputColumnName = ctx.LoadNonEmptyString();
        options.SingleChannelColumnName = ctx.LoadNonEmptyString();
        options.PairChannelsColumnName = ctx.LoadNonEmptyString();
        options.SingleLabelsColumnName = ctx.LoadNonEmptyString();
        options.PairLabelsColumnName = ctx.LoadNonEmptyString();
        if (height < options.GridSize || width < options.GridSize)
            throw new InvalidDataException($"LabQuantize entry: image size {width}×{height} is smaller than its grid {options.GridSize}.");
        return new LabQuantizingTransformer(environment, options, height, width);
    }

    // Factory for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment environment, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(environment, ctx).MakeRowMapper(inputSchema);

    private static IEnumerable<string> ColumnNamesInOrder(LabQuantizingEstimator.Options o) => new[]
    {
        o.InputColumnName, o.SingleChannelColumnName, o.PairChannelsColumnName, o.SingleLabelsColumnName, o.PairLabelsColumnName,
    };

    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    private sealed class Mapper : MapperBase
    {
        private readonly LabQuantizingTransformer _owner;
        private readonly int _inputIndex;

        public Mapper(LabQuantizingTransformer parent, DataViewSchema inputSchema)
            : base(parent.Host.Register(nameof(Mapper)), inputSchema, parent)
        {
            _owner = parent;
            var (height, width) = LabQuantizingEstimator.CheckImageColumn(inputSchema, parent._options);
            if (height != parent.ImageHeight || width != parent.ImageWidth)
                throw new ArgumentOutOfRangeException(nameof(inputSchema), parent._options.InputColumnName,
                    $"Column '{parent._options.InputColumnName}' holds {width}×{height} images; this LabQuantize was fitted on " +
                    $"{parent.ImageWidth}×{parent.ImageHeight} images.");
            _inputIndex = inputSchema[parent._options.InputColumnName].Index;
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore()
        {
            var o = _owner._options;
            int h = _owner.ImageHeight, w = _owner.ImageWidth, cells = o.GridSize * o.GridSize;
            return new[]
            {
                new DataViewSchema.DetachedColumn(o.SingleChannelColumnName, new VectorDataViewType(NumberDataViewType.Single, 1, h, w),
                    SpaceName(o.ColorSpace)),
                new DataViewSchema.DetachedColumn(o.PairChannelsColumnName, new VectorDataViewType(NumberDataViewType.Single, 2, h, w)),
                new DataViewSchema.DetachedColumn(o.SingleLabelsColumnName, new VectorDataViewType(NumberDataViewType.Int32, cells),
                    ClassCount((uint)o.SingleBins)),
                new DataViewSchema.DetachedColumn(o.PairLabelsColumnName, new VectorDataViewType(NumberDataViewType.Int32, cells),
                    ClassCount((uint)(o.PairBins * o.PairBins))),
            };
        }

        private static DataViewSchema.Annotations SpaceName(ColorSpace space)
        {
            var builder = new DataViewSchema.Annotations.Builder();
            ReadOnlyMemory<char> name = space.ToString().AsMemory();
            builder.Add(LabQuantizingEstimator.ColorSpaceAnnotation, TextDataViewType.Instance,
                (ref ReadOnlyMemory<char> value) => value = name);
            return builder.ToAnnotations();
        }

        private static DataViewSchema.Annotations ClassCount(uint classes)
        {
            var builder = new DataViewSchema.Annotations.Builder();
            builder.Add(LabQuantizingEstimator.ClassCountAnnotation, NumberDataViewType.UInt32, (ref uint value) => value = classes);
            return builder.ToAnnotations();
        }

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
        {
            bool any = Enumerable.Range(0, 4).Any(activeOutput);
            return column => any && column == _inputIndex;
        }

        protected override void SaveModel(ModelSaveContext ctx) => _owner.SaveModel(ctx);

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            // ML.NET runs the disposers only when some getter set one, and then runs them all: leave it null.
            disposer = null!;
            RowCache cache = GetCache(input);
            return iinfo switch
            {
                0 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => Copy(cache.Fill(input).Single, ref value)),
                1 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => Copy(cache.Fill(input).Pair, ref value)),
                2 => (ValueGetter<VBuffer<int>>)((ref VBuffer<int> value) => Copy(cache.Fill(input).SingleLabels, ref value)),
                _ => (ValueGetter<VBuffer<int>>)((ref VBuffer<int> value) => Copy(cache.Fill(input).PairLabels, ref value)),
            };
        }

        // The four getters of one row share one quantization: the cache is keyed by the row object and filled once per
        // row position.
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DataViewRow, RowCache> _caches = new();

        private RowCache GetCache(DataViewRow input) => _caches.GetValue(input, row => new RowCache(_owner, row, _inputIndex));

        private static void Copy<T>(T[] source, ref VBuffer<T> value)
        {
            var editor = VBufferEditor.Create(ref value, source.Length);
            source.CopyTo(editor.Values);
            value = editor.Commit();
        }
    }

    private sealed class RowCache
    {
        private readonly LabQuantizingTransformer _parent;
        private readonly ValueGetter<MLImage> _imageGetter;
        private readonly string _column;
        private long _position = -1;
        private MLImage _image = null!;
        private byte[] _rgb = Array.Empty<byte>();

        public RowCache(LabQuantizingTransformer parent, DataViewRow row, int inputIndex)
        {
            _parent = parent;
            _column = parent._options.InputColumnName;
            _imageGetter = row.GetGetter<MLImage>(row.Schema[inputIndex]);
            int h = parent.ImageHeight, w = parent.ImageWidth, cells = parent.GridSize * parent.GridSize;
            Single = new float[h * w];
            Pair = new float[2 * h * w];
            SingleLabels = new int[cells];
            PairLabels = new int[cells];
        }

        public float[] Single { get; }

        public float[] Pair { get; }

        public int[] SingleLabels { get; }

        public int[] PairLabels { get; }

        public RowCache Fill(DataViewRow row)
        {
            if (_position == row.Position)
                return this;
            _imageGetter(ref _image);
            if (_image is null || _image.Width == 0)
                throw new InvalidDataException($"Column '{_column}', row {row.Position}: the image is missing.");
            if (_image.Height != _parent.ImageHeight || _image.Width != _parent.ImageWidth)
                throw new InvalidDataException(
                    $"Column '{_column}', row {row.Position}: the image is {_image.Width}×{_image.Height}; expected " +
                    $"{_parent.ImageWidth}×{_parent.ImageHeight}.");
            int bytes = _image.Height * _image.Width * 3;
            if (_rgb.Length != bytes)
                _rgb = new byte[bytes];
            MLImagePixels.ToRgbHwc(_image, _rgb);
            _parent._quantizer.Quantize(_rgb, _image.Height, _image.Width, Single, Pair, SingleLabels, PairLabels);
            _position = row.Position;
            return this;
        }
    }
}

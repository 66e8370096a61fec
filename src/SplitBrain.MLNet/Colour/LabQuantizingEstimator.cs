using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Transforms.Image;
using SplitBrain.MLNet.Colour;

namespace SplitBrain.MLNet;

/// <summary>
/// Splits each image into the two channel groups of a split-brain autoencoder and quantizes them into per-cell
/// classes on a downsampled label grid. Reached through <c>mlContext.Transforms.LabQuantize(...)</c>.
/// </summary>
/// <remarks>
/// <para><b>Input.</b> An image column as Microsoft.ML.ImageAnalytics produces it (LoadImages, then ResizeImages so that
/// every image has the same known size), at least GridSize pixels per side. Greyscale images count as R=G=B;
/// transparent pixels are composited onto black.</para>
/// <para><b>Outputs</b> (names from <see cref="Options"/>):
/// <list type="bullet">
/// <item>SingleChannel: float vector with dimensions [1, H, W], L/100 (Lab, LabRescaled) or R/255 (Rgb);</item>
/// <item>PairChannels: float vector [2, H, W], (a+87)/186 and (b+108)/203, or G/255 and B/255;</item>
/// <item>SingleLabels: int32 vector of grid² classes in [0, SingleBins), row-major;</item>
/// <item>PairLabels: int32 vector of grid² joint classes first_bin × PairBins + second_bin in [0, PairBins²).</item>
/// </list>
/// The label columns carry the annotation <see cref="ClassCountAnnotation"/> (uint) with their class count, which
/// SplitBrainPretrain reads. Labels follow the 2019 PyTorch reference's steps: scikit-image's rgb2lab, its anti-aliased
/// resize, and numpy's digitize; values that fall within float rounding of a bin edge may land in the neighbouring bin
/// (see docs/architecture.md).</para>
/// <para>| Does this estimator need to look at the data to train its parameters? | No |
/// | Input column data type | image (MLImage) of known size |
/// | Output column data type | vectors of Single and Int32 |
/// | Exportable to ONNX | No |</para>
/// </remarks>
public sealed class LabQuantizingEstimator : IEstimator<LabQuantizingTransformer>
{
    /// <summary>Annotation kind on the label columns: the number of classes, as a UInt32.</summary>
    public const string ClassCountAnnotation = "SplitBrain.ClassCount";

    /// <summary>Annotation kind on the SingleChannel column: the <see cref="SplitBrain.MLNet.ColorSpace"/> used, as its
    /// name (text), so that trainers can check that a pretrained model fits the data.</summary>
    public const string ColorSpaceAnnotation = "SplitBrain.ColorSpace";

    private readonly IHost _host;
    private readonly Options _options;

    /// <summary>Settings of <see cref="LabQuantizingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>The image column read.</summary>
        public string InputColumnName { get; set; } = ColumnNames.Image;

        /// <summary>Output: the single-channel network input.</summary>
        public string SingleChannelColumnName { get; set; } = ColumnNames.SingleChannel;

        /// <summary>Output: the two-channel network input.</summary>
        public string PairChannelsColumnName { get; set; } = ColumnNames.PairChannels;

        /// <summary>Output: the single-channel class labels.</summary>
        public string SingleLabelsColumnName { get; set; } = ColumnNames.SingleLabels;

        /// <summary>Output: the joint pair class labels.</summary>
        public string PairLabelsColumnName { get; set; } = ColumnNames.PairLabels;

        /// <summary>How each image is split and quantized.</summary>
        public ColorSpace ColorSpace { get; set; } = LabQuantizerDefaults.Space;

        /// <summary>Cells per side of the label grid, at least 1 and at most the image side (12 for 96×96 images).</summary>
        public int GridSize { get; set; } = LabQuantizerDefaults.GridSize;

        /// <summary>Classes of the single channel, at least 2 (L on [0, 101], or R on [0, 1.01]).</summary>
        public int SingleBins { get; set; } = LabQuantizerDefaults.SingleBins;

        /// <summary>Bins per axis of the pair, at least 2; the joint label has PairBins² classes.</summary>
        public int PairBins { get; set; } = LabQuantizerDefaults.PairBins;
    }

    internal LabQuantizingEstimator(IHostEnvironment environment, Options options)
    {
        _host = environment.Register(nameof(LabQuantizingEstimator));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        // Validates colour space, grid size and bins now, so a bad option fails at pipeline construction.
        _ = ToSettings(options);
    }

    internal static LabQuantizerSettings ToSettings(Options options) =>
        new(options.ColorSpace, options.GridSize, options.SingleBins, options.PairBins);

    /// <summary>Checks the input schema and returns the transformer; no data is read.</summary>
    public LabQuantizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (height, width) = CheckImageColumn(input.Schema, _options);
        return new LabQuantizingTransformer(_host, _options, height, width);
    }

    /// <summary>The schema after the transform: four vector columns added.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (!inputSchema.TryFindColumn(_options.InputColumnName, out var column))
            throw new ArgumentOutOfRangeException(nameof(inputSchema), _options.InputColumnName,
                $"Column '{_options.InputColumnName}' is missing; LabQuantize needs an image column (LoadImages, then ResizeImages).");
        if (column.ItemType is not ImageDataViewType || column.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), _options.InputColumnName,
                $"Column '{_options.InputColumnName}' must be an image (MLImage) column; found {column.ItemType}.");

        var result = inputSchema.ToDictionary(c => c.Name);
        var classCount = new SchemaShape(new[]
        {
            new SchemaShape.Column(ClassCountAnnotation, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, false),
        });
        void Add(string name, DataViewType item, SchemaShape? annotations = null) =>
            result[name] = new SchemaShape.Column(name, SchemaShape.Column.VectorKind.Vector, item, false, annotations);
        Add(_options.SingleChannelColumnName, NumberDataViewType.Single);
        Add(_options.PairChannelsColumnName, NumberDataViewType.Single);
        Add(_options.SingleLabelsColumnName, NumberDataViewType.Int32, classCount);
        Add(_options.PairLabelsColumnName, NumberDataViewType.Int32, classCount);
        return new SchemaShape(result.Values);
    }

    internal static (int Height, int Width) CheckImageColumn(DataViewSchema schema, Options options)
    {
        DataViewSchema.Column? found = schema.GetColumnOrNull(options.InputColumnName);
        if (found is not DataViewSchema.Column column)
            throw new ArgumentOutOfRangeException(nameof(schema), options.InputColumnName,
                $"Column '{options.InputColumnName}' is missing; LabQuantize needs an image column (LoadImages, then ResizeImages). " +
                $"Columns present: {string.Join(", ", schema.Select(c => c.Name))}.");
        if (column.Type is not ImageDataViewType image)
            throw new ArgumentOutOfRangeException(nameof(schema), options.InputColumnName,
                $"Column '{options.InputColumnName}' must be an image (MLImage) column; found {column.Type}.");
        if (image.Height == 0 || image.Width == 0)
            throw new ArgumentOutOfRangeException(nameof(schema), options.InputColumnName,
                $"Column '{options.InputColumnName}' holds images of unknown size; add ResizeImages before LabQuantize " +
                "so that every image has the same size.");
        if (image.Height < options.GridSize || image.Width < options.GridSize)
            throw new ArgumentOutOfRangeException(nameof(schema), options.InputColumnName,
                $"Column '{options.InputColumnName}' holds {image.Width}×{image.Height} images, smaller than the " +
                $"{options.GridSize}×{options.GridSize} label grid; use larger images or a smaller GridSize.");
        return (image.Height, image.Width);
    }
}

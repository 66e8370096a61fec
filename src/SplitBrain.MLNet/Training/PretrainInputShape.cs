using Microsoft.ML;
using Microsoft.ML.Data;

namespace SplitBrain.MLNet.Training;

/// <summary>
/// The image side, label grid and class counts of LabQuantize's columns, read from a schema and checked: the planes
/// must be 1×S×S and 2×S×S float vectors, the labels grid² int32 vectors carrying their class counts.
/// </summary>
internal sealed record PretrainInputShape(int ImageSize, int GridSize, int SingleClasses, int PairClasses, ColorSpace ColorSpace)
{
    public int PairBins => (int)Math.Round(Math.Sqrt(PairClasses));

    public static PretrainInputShape From(DataViewSchema schema, string single, string pair, string singleLabels, string pairLabels)
    {
        int[] singleDims = PlaneDimensions(schema, single, 1);
        int[] pairDims = PlaneDimensions(schema, pair, 2);
        if (singleDims[1] != singleDims[2])
            throw new ArgumentOutOfRangeException(nameof(schema), single,
                $"Column '{single}' holds {singleDims[2]}×{singleDims[1]} images; split-brain networks need square images (use ResizeImages).");
        if (pairDims[1] != singleDims[1] || pairDims[2] != singleDims[2])
            throw new ArgumentOutOfRangeException(nameof(schema), pair,
                $"Column '{pair}' is {pairDims[2]}×{pairDims[1]} but '{single}' is {singleDims[2]}×{singleDims[1]}; both must come from one LabQuantize.");
        var (singleCells, singleClasses) = LabelColumn(schema, singleLabels);
        var (pairCells, pairClasses) = LabelColumn(schema, pairLabels);
        if (singleCells != pairCells)
            throw new ArgumentOutOfRangeException(nameof(schema), pairLabels,
                $"Column '{pairLabels}' has {pairCells} cells but '{singleLabels}' has {singleCells}.");
        int grid = (int)Math.Round(Math.Sqrt(singleCells));
        if (grid * grid != singleCells)
            throw new ArgumentOutOfRangeException(nameof(schema), singleLabels,
                $"Column '{singleLabels}' has {singleCells} cells, not a square grid.");
        int pairBins = (int)Math.Round(Math.Sqrt(pairClasses));
        if (pairBins * pairBins != pairClasses)
            throw new ArgumentOutOfRangeException(nameof(schema), pairLabels,
                $"Column '{pairLabels}' has {pairClasses} classes, not bins² for a whole number of bins.");
        return new PretrainInputShape(singleDims[1], grid, singleClasses, pairClasses, SpaceOf(schema[single]));
    }

    private static int[] PlaneDimensions(DataViewSchema schema, string name, int channels)
    {
        var column = Find(schema, name);
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item } vector || item.RawType != typeof(float))
            throw new ArgumentOutOfRangeException(nameof(schema), name, $"Column '{name}' must be a float vector (LabQuantize output); found {column.Type}.");
        var dims = vector.Dimensions;
        if (dims.Length != 3 || dims[0] != channels || dims[1] == 0)
            throw new ArgumentOutOfRangeException(nameof(schema), name,
                $"Column '{name}' must be a float vector with dimensions [{channels}, H, W]; found [{string.Join(", ", dims.ToArray())}].");
        return dims.ToArray();
    }

    private static (int Cells, int Classes) LabelColumn(DataViewSchema schema, string name)
    {
        var column = Find(schema, name);
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item, Size: > 0 } vector || item.RawType != typeof(int))
            throw new ArgumentOutOfRangeException(nameof(schema), name, $"Column '{name}' must be an int32 vector of known size (LabQuantize output); found {column.Type}.");
        if (column.Annotations.Schema.GetColumnOrNull(LabQuantizingEstimator.ClassCountAnnotation) is null)
            throw new ArgumentOutOfRangeException(nameof(schema), name,
                $"Column '{name}' has no '{LabQuantizingEstimator.ClassCountAnnotation}' annotation; produce it with LabQuantize.");
        uint classes = 0;
        column.Annotations.GetValue(LabQuantizingEstimator.ClassCountAnnotation, ref classes);
        return (vector.Size, (int)classes);
    }

    /// <summary>The colour space recorded by LabQuantize on the single-channel column; Lab when it is not recorded.</summary>
    private static ColorSpace SpaceOf(DataViewSchema.Column column)
    {
        if (column.Annotations.Schema.GetColumnOrNull(LabQuantizingEstimator.ColorSpaceAnnotation) is null)
            return ColorSpace.Lab;
        ReadOnlyMemory<char> name = default;
        column.Annotations.GetValue(LabQuantizingEstimator.ColorSpaceAnnotation, ref name);
        return Enum.TryParse(name.ToString(), out ColorSpace space) ? space : ColorSpace.Lab;
    }

    private static DataViewSchema.Column Find(DataViewSchema schema, string name) =>
        schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(schema), name,
            $"Column '{name}' is missing; add LabQuantize before SplitBrainPretrain. Columns present: {string.Join(", ", schema.Select(c => c.Name))}.");
}

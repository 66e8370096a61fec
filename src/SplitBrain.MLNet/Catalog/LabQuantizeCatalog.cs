using Microsoft.ML;
using Microsoft.ML.Runtime;
using SplitBrain.MLNet.Catalog;

namespace SplitBrain.MLNet;

/// <summary>Adds <c>LabQuantize</c> to <c>mlContext.Transforms</c>.</summary>
public static class LabQuantizeCatalog
{
    /// <summary>
    /// Splits each image into a single channel and a channel pair, as split-brain network inputs, and quantizes both
    /// into classes on a downsampled label grid. See <see cref="LabQuantizingEstimator"/> for the columns.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="inputColumnName">The image column: MLImage of a known size (LoadImages, then ResizeImages).</param>
    /// <param name="colorSpace">Lab (L | ab), LabRescaled (as Lab, ab binned over each image's own range) or Rgb (R | GB).</param>
    /// <param name="gridSize">Cells per side of the label grid, at least 1 and at most the image side.</param>
    /// <param name="singleBins">Classes of the single channel, at least 2.</param>
    /// <param name="pairBins">Bins per axis of the channel pair, at least 2 (pairBins² joint classes).</param>
    public static LabQuantizingEstimator LabQuantize(this TransformsCatalog catalog,
        string inputColumnName = ColumnNames.Image,
        ColorSpace colorSpace = ColorSpace.Lab,
        int gridSize = 12,
        int singleBins = 100,
        int pairBins = 10)
        => LabQuantize(catalog, new LabQuantizingEstimator.Options
        {
            InputColumnName = inputColumnName,
            ColorSpace = colorSpace,
            GridSize = gridSize,
            SingleBins = singleBins,
            PairBins = pairBins,
        });

    /// <summary>LabQuantize with every setting, including the output column names.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings.</param>
    public static LabQuantizingEstimator LabQuantize(this TransformsCatalog catalog, LabQuantizingEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new LabQuantizingEstimator(CatalogEnvironment.Of(catalog), options);
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.MLNet.Colour;
using SplitBrain.MLNet.Preview;
using static TorchSharp.torch;

namespace SplitBrain.MLNet;

/// <summary>
/// Shows what a pretrained split-brain model predicts: for each image, the colours the single net guesses from the
/// lightness, and the lightness the pair net guesses from the colours (see <see cref="ColorizationPreview"/>).
/// </summary>
/// <remarks>
/// <para><b>Input</b>: rows carrying LabQuantize's SingleChannel and PairChannels columns (the names the model was
/// fitted with), on images of the model's size; the original tile is rebuilt from those planes. To preview image
/// files, load them and apply the preprocessing the model was trained after (resize and LabQuantize).</para>
/// <para><b>Decoding</b>: each label-grid cell's scores become a distribution over bin centres, decoded by the
/// annealed mean or the mode (<see cref="ColorDecoding"/>), then the grid is upsampled bilinearly to the image size.
/// Lab values are converted to sRGB with per-channel clipping to [0, 1]; no NaN reaches a pixel.</para>
/// <para><b>Colour spaces</b>: <see cref="ColorSpace.Lab"/> shows L and ab. <see cref="ColorSpace.Rgb"/> is decoded
/// the same way with R as the single channel and GB as the pair (tile 3 is the true R with predicted G and B).
/// Under <see cref="ColorSpace.LabRescaled"/> the nets predict positions within each image's own a and b ranges, which
/// cannot be known from L alone; the preview places the predicted bins in the true image's ranges (as LabQuantize
/// computes them), so tile 3 borrows those two ranges from the ground truth.</para>
/// <para>The network runs in eval mode without gradients on the model's device, one dispose scope per batch.</para>
/// </remarks>
public static class ColorizationPreviewer
{
    /// <summary>Builds the preview grid of the first images of <paramref name="data"/>.</summary>
    /// <param name="model">A fitted split-brain model (from SplitBrainPretrain, or loaded from a model zip).</param>
    /// <param name="data">Rows with LabQuantize's SingleChannel and PairChannels columns for images of the model's size.</param>
    /// <param name="options">Decoding, temperature and image count; null takes the defaults.</param>
    /// <returns>The grid: <see cref="ColorizationPreviewOptions.MaxImages"/> rows, or fewer if the data is shorter.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or a column is missing or of the wrong
    /// size.</exception>
    /// <exception cref="ArgumentException">The data holds no rows.</exception>
    public static ColorizationPreview Create(SplitBrainPretrainTransformer model, IDataView data,
        ColorizationPreviewOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ColorizationPreviewOptions();
        CheckOptions(options);

        int size = model.ImageSize, grid = model.GridSize, cells = grid * grid;
        List<(float[] Single, float[] Pair)> images = ReadPlanes(model, data, options.MaxImages);
        var settings = new LabQuantizerSettings(model.ColorSpace, grid, model.SingleBins, model.PairBins);
        var quantizer = model.ColorSpace == ColorSpace.LabRescaled ? new LabQuantizer(settings) : null;
        double[] singleCentres = Enumerable.Range(0, settings.SingleBins).Select(settings.SingleBinCentre).ToArray();
        var (fixedFirst, fixedSecond) = PairCentres(settings, settings.PairFirstRange, settings.PairSecondRange);

        int bandLength = size * PreviewRowRenderer.TilesPerRow * size * 3;
        var rgb = new byte[images.Count * bandLength];
        double[] first = new double[cells], second = new double[cells], single = new double[cells];
        for (int start = 0; start < images.Count; start += options.BatchSize)
        {
            int count = Math.Min(options.BatchSize, images.Count - start);
            var (pairScores, singleScores) = Forward(model, images, start, count);
            int pairLength = settings.PairClasses * cells, singleLength = settings.SingleBins * cells;
            for (int i = 0; i < count; i++)
            {
                var (singlePlane, pairPlanes) = images[start + i];
                var (firstCentres, secondCentres) = quantizer is null
                    ? (fixedFirst, fixedSecond)
                    : ImageCentres(quantizer, settings, singlePlane, pairPlanes, size);
                ClassDistributionDecoder.DecodeGrid(pairScores.AsSpan(i * pairLength, pairLength), cells, options.Decoding,
                    options.Temperature, firstCentres, secondCentres, first, second);
                ClassDistributionDecoder.DecodeGrid(singleScores.AsSpan(i * singleLength, singleLength), cells,
                    options.Decoding, options.Temperature, singleCentres, ReadOnlySpan<double>.Empty, single, Span<double>.Empty);
                PreviewRowRenderer.Draw(model.ColorSpace, size, grid, singlePlane, pairPlanes, first, second, single,
                    rgb.AsSpan((start + i) * bandLength, bandLength));
            }
        }

        return new ColorizationPreview(size, images.Count, rgb);
    }

    private static void CheckOptions(ColorizationPreviewOptions options)
    {
        if (!Enum.IsDefined(options.Decoding))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Decoding,
                $"{nameof(ColorizationPreviewOptions.Decoding)} must be AnnealedMean or Mode; got {(int)options.Decoding}.");
        }

        ClassDistributionDecoder.CheckTemperature(options.Temperature, nameof(options.Temperature));
        if (options.MaxImages < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxImages,
                $"{nameof(ColorizationPreviewOptions.MaxImages)} must be at least 1; got {options.MaxImages}.");
        }

        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize,
                $"{nameof(ColorizationPreviewOptions.BatchSize)} must be at least 1; got {options.BatchSize}.");
        }
    }

    // The first `limit` rows' planes, after checking both columns against the model's image size.
    private static List<(float[] Single, float[] Pair)> ReadPlanes(SplitBrainPretrainTransformer model, IDataView data, int limit)
    {
        int pixels = model.ImageSize * model.ImageSize;
        DataViewSchema.Column singleColumn = CheckPlane(data.Schema, model.SingleChannelColumnName, pixels);
        DataViewSchema.Column pairColumn = CheckPlane(data.Schema, model.PairChannelsColumnName, 2 * pixels);
        var images = new List<(float[] Single, float[] Pair)>();
        using (DataViewRowCursor cursor = data.GetRowCursor(new[] { singleColumn, pairColumn }))
        {
            var singleGetter = cursor.GetGetter<VBuffer<float>>(singleColumn);
            var pairGetter = cursor.GetGetter<VBuffer<float>>(pairColumn);
            VBuffer<float> single = default, pair = default;
            while (images.Count < limit && cursor.MoveNext())
            {
                singleGetter(ref single);
                pairGetter(ref pair);
                images.Add((single.DenseValues().ToArray(), pair.DenseValues().ToArray()));
            }
        }

        if (images.Count == 0)
            throw new ArgumentException("The data holds no rows; a preview needs at least one image.", nameof(data));
        return images;
    }

    private static DataViewSchema.Column CheckPlane(DataViewSchema schema, string name, int length)
    {
        DataViewSchema.Column column = schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(schema),
            name, $"Column '{name}' is missing; the preview reads LabQuantize's output.");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item } vector || item.RawType != typeof(float)
            || vector.Size != length)
        {
            throw new ArgumentOutOfRangeException(nameof(schema), name,
                $"Column '{name}' must be a float vector of {length} values for this model; found {column.Type}.");
        }

        return column;
    }

    // Raw scores of both nets for images [start, start + count): (N×pairBins²×G×G, N×singleBins×G×G) flattened.
    private static (float[] PairScores, float[] SingleScores) Forward(SplitBrainPretrainTransformer model,
        List<(float[] Single, float[] Pair)> images, int start, int count)
    {
        long side = model.ImageSize;
        int pixels = model.ImageSize * model.ImageSize;
        var singleValues = new float[count * pixels];
        var pairValues = new float[count * 2 * pixels];
        for (int i = 0; i < count; i++)
        {
            images[start + i].Single.CopyTo(singleValues, i * pixels);
            images[start + i].Pair.CopyTo(pairValues, i * 2 * pixels);
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor single = tensor(singleValues).view(count, 1, side, side).to(model.Device);
        Tensor pair = tensor(pairValues).view(count, 2, side, side).to(model.Device);
        float[] pairScores = model.Network.SingleNet.call(single).cpu().data<float>().ToArray();
        float[] singleScores = model.Network.PairNet.call(pair).cpu().data<float>().ToArray();
        return (pairScores, singleScores);
    }

    // The first and second axis's bin centre of every joint pair class.
    private static (double[] First, double[] Second) PairCentres(LabQuantizerSettings settings, BinRange firstRange,
        BinRange secondRange)
    {
        var first = new double[settings.PairClasses];
        var second = new double[settings.PairClasses];
        for (int k = 0; k < settings.PairClasses; k++)
            (first[k], second[k]) = settings.PairBinCentre(k, firstRange, secondRange);
        return (first, second);
    }

    // LabRescaled: the pair bins of this image span its own downsampled a and b ranges; LabQuantize finds them again
    // from the image rebuilt from its planes.
    private static (double[] First, double[] Second) ImageCentres(LabQuantizer quantizer, LabQuantizerSettings settings,
        float[] singlePlane, float[] pairPlanes, int size)
    {
        int pixels = size * size;
        var rgb = new byte[3 * pixels];
        for (int p = 0; p < pixels; p++)
        {
            ColourConversion.LabToSrgb(PreviewRowRenderer.RawSingle(false, singlePlane[p]),
                PreviewRowRenderer.RawFirst(false, pairPlanes[p]), PreviewRowRenderer.RawSecond(false, pairPlanes[pixels + p]),
                out rgb[3 * p], out rgb[3 * p + 1], out rgb[3 * p + 2]);
        }

        int cells = settings.LabelCount;
        QuantizedImageSummary summary = quantizer.Quantize(rgb, size, size, new float[pixels], new float[2 * pixels],
            new int[cells], new int[cells]);
        return PairCentres(settings, summary.PairFirstRange, summary.PairSecondRange);
    }
}

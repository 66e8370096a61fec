using SplitBrain.MLNet.Colour;

namespace SplitBrain.MLNet.Tests.Colour;

/// <summary>All outputs of one <see cref="LabQuantizer.Quantize(ReadOnlySpan{byte}, int, int, Span{float}, Span{float}, Span{int}, Span{int}, Span{double})"/> call.</summary>
internal sealed record QuantizedImage(float[] SinglePlane, float[] PairPlanes, int[] SingleLabels, int[] PairLabels,
    double[] DownsampledRaw, QuantizedImageSummary Summary)
{
    public static QuantizedImage Run(LabQuantizer quantizer, byte[] rgb, int height, int width)
    {
        int grid = quantizer.Settings.GridSize;
        var single = new float[height * width];
        var pair = new float[2 * height * width];
        var singleLabels = new int[grid * grid];
        var pairLabels = new int[grid * grid];
        var downsampled = new double[3 * grid * grid];
        QuantizedImageSummary summary = quantizer.Quantize(rgb, height, width, single, pair, singleLabels, pairLabels, downsampled);
        return new QuantizedImage(single, pair, singleLabels, pairLabels, downsampled, summary);
    }

    /// <summary>Means of the single plane and the two pair planes, in float64.</summary>
    public double[] InputMeans()
    {
        int pixels = SinglePlane.Length;
        return
        [
            SinglePlane.Average(v => (double)v),
            PairPlanes.Take(pixels).Average(v => (double)v),
            PairPlanes.Skip(pixels).Average(v => (double)v),
        ];
    }
}

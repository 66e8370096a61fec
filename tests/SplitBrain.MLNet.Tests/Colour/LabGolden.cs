using System.Text.Json;

namespace SplitBrain.MLNet.Tests.Colour;

/// <summary>Typed access to ../shared/testdata/lab_golden.json (format "lab_golden v1"; its README explains every field).</summary>
internal sealed class LabGolden
{
    public const string RelativePath = "testdata/lab_golden.json";

    private LabGolden(JsonElement root)
    {
        Colours = root.GetProperty("colours").EnumerateArray()
            .Select(c => new GoldenColour(ToBytes(c.GetProperty("rgb")), ToDoubles(c.GetProperty("lab")), c.GetProperty("kind").GetString()!))
            .ToArray();
        Images = root.GetProperty("images").EnumerateArray().Select(ReadImage).ToArray();
        JsonElement clip = root.GetProperty("clip_case");
        ClipCase = ReadImage(clip);
        ClipCaseUnclippedRgb01 = Flatten3(clip.GetProperty("rgb01_small_unclipped"));
        ClipCaseCellsChanged = clip.GetProperty("cells_changed_by_clip").GetInt32();
    }

    public IReadOnlyList<GoldenColour> Colours { get; }

    public IReadOnlyList<GoldenImage> Images { get; }

    public GoldenImage ClipCase { get; }

    /// <summary>rgb01_small_unclipped of the clip case, channel-planar (3 × 8 × 8).</summary>
    public double[] ClipCaseUnclippedRgb01 { get; }

    public int ClipCaseCellsChanged { get; }

    /// <summary>The golden file, or null (test returns early) when ../shared is absent outside CI.</summary>
    public static LabGolden? Load()
    {
        string? path = TestData.SharedData.Require(RelativePath);
        if (path is null)
            return null;
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        return new LabGolden(document.RootElement);
    }

    private static GoldenImage ReadImage(JsonElement image)
    {
        int height = image.GetProperty("height").GetInt32(), width = image.GetProperty("width").GetInt32();
        byte[] rgb = Convert.FromBase64String(image.GetProperty("rgb_hwc_uint8_base64").GetString()!);
        string name = image.TryGetProperty("source", out JsonElement source) ? source.GetString()! : "?";
        double[]? labFull = image.TryGetProperty("lab_full_6dp", out JsonElement lab) ? Flatten3(lab, keepHwc: true) : null;
        double[]? labMean = image.TryGetProperty("lab_mean", out JsonElement mean) ? ToDoubles(mean) : null;
        double[]? netMean = image.TryGetProperty("net_input_mean", out JsonElement net) ? ToDoubles(net) : null;
        var downsamples = new List<GoldenDownsample> { ReadDownsample(image.GetProperty("down_8x8"), rgb, height, width, 1, "32->8") };
        if (image.TryGetProperty("x3_replicated_96_down_12x12", out JsonElement x3))
            downsamples.Add(ReadDownsample(x3, Replicate(rgb, height, width, 3), height * 3, width * 3, 3, "96->12"));
        return new GoldenImage(name, height, width, rgb, labFull, labMean, netMean, downsamples);
    }

    private static GoldenDownsample ReadDownsample(JsonElement d, byte[] rgb, int height, int width, int replication, string label)
    {
        JsonElement lab = d.GetProperty("labels_lab"), distort = d.GetProperty("labels_lab_distort"), rgbLabels = d.GetProperty("labels_rgb");
        double[] labSmall = Flatten3(d.GetProperty("lab_small"));
        int grid = (int)Math.Round(Math.Sqrt(labSmall.Length / 3.0));
        return new GoldenDownsample(label, grid, rgb, height, width, replication, labSmall, Flatten3(d.GetProperty("rgb01_small")),
            new GoldenLabels(Flatten2(lab.GetProperty("L")), Flatten2(lab.GetProperty("ab_class"))),
            new GoldenLabels(Flatten2(distort.GetProperty("L")), Flatten2(distort.GetProperty("ab_class"))),
            new GoldenLabels(Flatten2(rgbLabels.GetProperty("R")), Flatten2(rgbLabels.GetProperty("gb_class"))),
            ToDoubles(distort.GetProperty("a_range")), ToDoubles(distort.GetProperty("b_range")));
    }

    /// <summary>np.repeat(np.repeat(px, k, axis=0), k, axis=1) on H×W×3 bytes.</summary>
    internal static byte[] Replicate(byte[] rgb, int height, int width, int k)
    {
        var result = new byte[rgb.Length * k * k];
        int bigWidth = width * k;
        for (int y = 0; y < height * k; y++)
        {
            for (int x = 0; x < bigWidth; x++)
            {
                int source = ((y / k) * width + x / k) * 3, target = (y * bigWidth + x) * 3;
                result[target] = rgb[source];
                result[target + 1] = rgb[source + 1];
                result[target + 2] = rgb[source + 2];
            }
        }

        return result;
    }

    private static byte[] ToBytes(JsonElement array) => array.EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray();

    private static double[] ToDoubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static int[] Flatten2(JsonElement rows) =>
        rows.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(e => e.GetInt32())).ToArray();

    // [H][W][3] JSON -> channel-planar (3×H×W), or kept as H×W×3 when keepHwc.
    private static double[] Flatten3(JsonElement rows, bool keepHwc = false)
    {
        double[][][] cube = rows.EnumerateArray()
            .Select(r => r.EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray())
            .ToArray();
        int height = cube.Length, width = cube[0].Length;
        var result = new double[3 * height * width];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < 3; c++)
                    result[keepHwc ? (y * width + x) * 3 + c : (c * height + y) * width + x] = cube[y][x][c];
            }
        }

        return result;
    }
}

internal sealed record GoldenColour(byte[] Rgb, double[] Lab, string Kind);

internal sealed record GoldenImage(string Name, int Height, int Width, byte[] Rgb, double[]? LabFullHwc, double[]? LabMean,
    double[]? NetInputMean, IReadOnlyList<GoldenDownsample> Downsamples);

/// <summary>One golden downsample case; <see cref="Rgb"/> is the (possibly replicated) image it was computed from.</summary>
internal sealed record GoldenDownsample(string Label, int Grid, byte[] Rgb, int Height, int Width, int Replication,
    double[] LabSmall, double[] Rgb01Small, GoldenLabels Lab, GoldenLabels LabDistort, GoldenLabels RgbLabels,
    double[] DistortARange, double[] DistortBRange)
{
    public GoldenLabels LabelsFor(ColorSpace space) => space switch
    {
        ColorSpace.Lab => Lab,
        ColorSpace.LabRescaled => LabDistort,
        _ => RgbLabels,
    };

    public double[] SmallFor(ColorSpace space) => space == ColorSpace.Rgb ? Rgb01Small : LabSmall;
}

internal sealed record GoldenLabels(int[] Single, int[] Pair);

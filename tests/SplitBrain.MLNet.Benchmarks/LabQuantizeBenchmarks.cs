using BenchmarkDotNet.Attributes;
using SplitBrain.MLNet.Colour;

namespace SplitBrain.MLNet.Benchmarks;

/// <summary>
/// One image through <see cref="LabQuantizer"/> on one thread: colour conversion, full-resolution network planes,
/// downsample and both label grids. Images per second = 1 / mean time. Random pixels, fixed seed.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class LabQuantizeBenchmarks
{
    private LabQuantizer _quantizer = null!;
    private byte[] _rgb = [];
    private float[] _singlePlane = [];
    private float[] _pairPlanes = [];
    private int[] _singleLabels = [];
    private int[] _pairLabels = [];

    /// <summary>Image side and grid side: 96→12 is the reference's training size, 32→8 the CIFAR-10 size.</summary>
    [Params("96->12", "32->8")]
    public string Size { get; set; } = "96->12";

    [Params(ColorSpace.Lab, ColorSpace.Rgb)]
    public ColorSpace Space { get; set; }

    private int Side => Size == "96->12" ? 96 : 32;

    private int Grid => Size == "96->12" ? 12 : 8;

    [GlobalSetup]
    public void Setup()
    {
        _quantizer = new LabQuantizer(new LabQuantizerSettings(Space, gridSize: Grid));
        _rgb = new byte[Side * Side * 3];
        new Random(20190510).NextBytes(_rgb);
        _singlePlane = new float[Side * Side];
        _pairPlanes = new float[2 * Side * Side];
        _singleLabels = new int[Grid * Grid];
        _pairLabels = new int[Grid * Grid];
    }

    [Benchmark]
    public double Quantize() =>
        _quantizer.Quantize(_rgb, Side, Side, _singlePlane, _pairPlanes, _singleLabels, _pairLabels).RawMean0;
}

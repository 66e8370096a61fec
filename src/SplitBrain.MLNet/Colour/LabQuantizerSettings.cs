namespace SplitBrain.MLNet.Colour;

/// <summary>
/// The validated, immutable settings of a <see cref="LabQuantizer"/>: colour space, label grid and bin layout.
/// </summary>
internal sealed class LabQuantizerSettings
{
    /// <summary>Largest pair bin count per axis: the joint class <c>first * PairBins + second</c> must fit in an int.</summary>
    public const int MaxPairBins = 46340;

    /// <summary>Largest single-plane bin count accepted (a sanity bound, far above any useful value).</summary>
    public const int MaxSingleBins = 1 << 20;

    /// <summary>Validates and stores the settings. Ranges left null take the defaults of <paramref name="space"/>.</summary>
    /// <param name="space">Colour space; must be a defined <see cref="ColorSpace"/> value.</param>
    /// <param name="gridSize">Side of the square label grid in cells, at least 1.</param>
    /// <param name="singleBins">Classes of the single-plane label, at least 2.</param>
    /// <param name="pairBins">Bins per axis of the pair label, at least 2 (so at least 4 joint classes).</param>
    /// <param name="singleRange">Bin range of the single plane in raw units (Lab L, or RGB/255).</param>
    /// <param name="pairFirstRange">Bin range of the first pair plane (a, or G); unused for <see cref="ColorSpace.LabRescaled"/>.</param>
    /// <param name="pairSecondRange">Bin range of the second pair plane (b, or B); unused for <see cref="ColorSpace.LabRescaled"/>.</param>
    public LabQuantizerSettings(
        ColorSpace space = LabQuantizerDefaults.Space,
        int gridSize = LabQuantizerDefaults.GridSize,
        int singleBins = LabQuantizerDefaults.SingleBins,
        int pairBins = LabQuantizerDefaults.PairBins,
        BinRange? singleRange = null,
        BinRange? pairFirstRange = null,
        BinRange? pairSecondRange = null)
    {
        if (!Enum.IsDefined(space))
        {
            throw new ArgumentOutOfRangeException(nameof(space), (int)space,
                $"Unknown colour space value {(int)space}; expected {(int)ColorSpace.Lab} (Lab), " +
                $"{(int)ColorSpace.LabRescaled} (LabRescaled) or {(int)ColorSpace.Rgb} (Rgb).");
        }

        if (gridSize < 1)
            throw new ArgumentOutOfRangeException(nameof(gridSize), gridSize, "The label grid needs at least 1 cell per side.");
        if (singleBins < 2 || singleBins > MaxSingleBins)
        {
            throw new ArgumentOutOfRangeException(nameof(singleBins), singleBins,
                $"The single-plane label needs between 2 and {MaxSingleBins} bins.");
        }

        if (pairBins < 2 || pairBins > MaxPairBins)
        {
            throw new ArgumentOutOfRangeException(nameof(pairBins), pairBins,
                $"The pair label needs between 2 and {MaxPairBins} bins per axis.");
        }

        Space = space;
        GridSize = gridSize;
        SingleBins = singleBins;
        PairBins = pairBins;
        SingleRange = singleRange ?? DefaultSingleRange(space);
        PairFirstRange = pairFirstRange ?? DefaultPairFirstRange(space);
        PairSecondRange = pairSecondRange ?? DefaultPairSecondRange(space);
    }

    /// <summary>The colour space the image is split in.</summary>
    public ColorSpace Space { get; }

    /// <summary>Side of the square label grid, in cells.</summary>
    public int GridSize { get; }

    /// <summary>Classes of the single-plane label.</summary>
    public int SingleBins { get; }

    /// <summary>Bins per axis of the pair label.</summary>
    public int PairBins { get; }

    /// <summary>Classes of the joint pair label: <c>PairBins²</c>.</summary>
    public int PairClasses => PairBins * PairBins;

    /// <summary>Cells in one label grid: <c>GridSize²</c>.</summary>
    public int LabelCount => GridSize * GridSize;

    /// <summary>Bin range of the single plane, in raw units.</summary>
    public BinRange SingleRange { get; }

    /// <summary>Bin range of the first pair plane (a or G), in raw units; per image under LabRescaled.</summary>
    public BinRange PairFirstRange { get; }

    /// <summary>Bin range of the second pair plane (b or B), in raw units; per image under LabRescaled.</summary>
    public BinRange PairSecondRange { get; }

    /// <summary>Default bin range of the single plane of <paramref name="space"/>: L on [0, 101] or R on [0, 1.01].</summary>
    public static BinRange DefaultSingleRange(ColorSpace space) => space == ColorSpace.Rgb
        ? new BinRange(LabQuantizerDefaults.RgbLow, LabQuantizerDefaults.RgbHigh)
        : new BinRange(LabQuantizerDefaults.LightnessLow, LabQuantizerDefaults.LightnessHigh);

    /// <summary>Default bin range of the first pair plane: a on [-87, 99] or G on [0, 1.01].</summary>
    public static BinRange DefaultPairFirstRange(ColorSpace space) => space == ColorSpace.Rgb
        ? new BinRange(LabQuantizerDefaults.RgbLow, LabQuantizerDefaults.RgbHigh)
        : new BinRange(LabQuantizerDefaults.ALow, LabQuantizerDefaults.AHigh);

    /// <summary>Default bin range of the second pair plane: b on [-108, 95] or B on [0, 1.01].</summary>
    public static BinRange DefaultPairSecondRange(ColorSpace space) => space == ColorSpace.Rgb
        ? new BinRange(LabQuantizerDefaults.RgbLow, LabQuantizerDefaults.RgbHigh)
        : new BinRange(LabQuantizerDefaults.BLow, LabQuantizerDefaults.BHigh);

    /// <summary>Centre of single-plane bin <paramref name="bin"/>, in raw units (Lab L, or RGB/255).</summary>
    public double SingleBinCentre(int bin) => SingleRange.Centre(bin, SingleBins);

    /// <summary>
    /// Centres of the two axes of joint pair class <paramref name="pairClass"/> (= first * PairBins + second), in raw
    /// units. Under LabRescaled pass the image's ranges (<see cref="QuantizedImageSummary"/>) as
    /// <paramref name="firstRange"/> and <paramref name="secondRange"/>; otherwise they default to the fixed ranges.
    /// </summary>
    public (double First, double Second) PairBinCentre(int pairClass, BinRange? firstRange = null, BinRange? secondRange = null)
    {
        if ((uint)pairClass >= (uint)PairClasses)
        {
            throw new ArgumentOutOfRangeException(nameof(pairClass), pairClass,
                $"A pair class must lie in [0, {PairClasses - 1}] for {PairBins} bins per axis.");
        }

        int first = pairClass / PairBins, second = pairClass % PairBins;
        return ((firstRange ?? PairFirstRange).Centre(first, PairBins), (secondRange ?? PairSecondRange).Centre(second, PairBins));
    }
}

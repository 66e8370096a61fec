using System.Globalization;

namespace SplitBrain.Cli.Synthetic;

/// <summary>One synthetic class: a hue family and a shape, named for example <c>class-03-lime-triangles</c>.</summary>
/// <param name="Index">The class index, 0-based; the folder names sort in index order.</param>
/// <param name="HueName">The colour family's name.</param>
/// <param name="HueDegrees">The centre of the hue family in degrees on the HSV wheel (0 red, 120 green, 240 blue).</param>
/// <param name="Shape">The shape of the objects.</param>
internal readonly record struct SyntheticClass(int Index, string HueName, double HueDegrees, SyntheticShape Shape)
{
    /// <summary>The hue families, about 30 to 45 degrees apart, so that neighbours overlap only at their edges.</summary>
    public static readonly IReadOnlyList<(string Name, double Degrees)> HueFamilies =
    [
        ("red", 0), ("orange", 30), ("yellow", 55), ("lime", 90), ("green", 125),
        ("teal", 165), ("cyan", 190), ("blue", 225), ("purple", 270), ("magenta", 310),
    ];

    /// <summary>How many distinct (hue, shape) classes exist.</summary>
    public static int MaxCount => HueFamilies.Count * Enum.GetValues<SyntheticShape>().Length;

    /// <summary>The folder name: <c>class-NN-hue-shape</c>.</summary>
    public string FolderName => string.Create(CultureInfo.InvariantCulture,
        $"class-{Index:D2}-{HueName}-{Shape.ToString().ToLowerInvariant()}");

    /// <summary>
    /// Class <paramref name="index"/>: hue family <c>index mod 10</c> and shape <c>(index + index / 10) mod 6</c>, so
    /// the first ten classes all differ in hue and every (hue, shape) pair up to <see cref="MaxCount"/> is used once.
    /// </summary>
    public static SyntheticClass At(int index)
    {
        if (index < 0 || index >= MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A synthetic class index is 0 to {MaxCount - 1}.");
        }

        int shapeCount = Enum.GetValues<SyntheticShape>().Length;
        (string name, double degrees) = HueFamilies[index % HueFamilies.Count];
        var shape = (SyntheticShape)((index + index / HueFamilies.Count) % shapeCount);
        return new SyntheticClass(index, name, degrees, shape);
    }
}

using System.Globalization;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.MLNet.Imaging;

namespace SplitBrain.Cli.Synthetic;

/// <summary>
/// Writes a small labelled colour image set, one subfolder per class (<c>class-00-red-discs/0000.png</c>, ...), that
/// needs no download: the data of <c>splitbrain quickstart</c>.
/// </summary>
/// <remarks>
/// Class <c>k</c> is a hue family (red, orange, yellow, lime, green, teal, cyan, blue, purple, magenta, in that
/// order) and a shape (discs, squares, rings, triangles, stripes, crosses); the first ten classes differ in hue, and
/// up to 60 (hue, shape) pairs are available. Each image shows 1-3 objects of its class at random positions, sizes,
/// rotations and shades, over a dull random gradient with soft blotches, with pixel noise; see
/// <see cref="SyntheticImageRenderer"/> for the exact procedure. Images are 8-bit RGB PNGs. The same arguments give
/// byte-identical files on the same .NET runtime, whatever the order or number of threads.
/// </remarks>
public static class SyntheticImageSet
{
    /// <summary>The smallest image side, in pixels.</summary>
    public const int MinSize = 8;

    /// <summary>The largest image side, in pixels.</summary>
    public const int MaxSize = 1024;

    /// <summary>The number of distinct classes available.</summary>
    public static int MaxClasses => SyntheticClass.MaxCount;

    /// <summary>
    /// Writes <paramref name="classes"/> x <paramref name="imagesPerClass"/> images into <paramref name="folder"/>.
    /// </summary>
    /// <param name="folder">Created if missing; must be empty unless <paramref name="overwrite"/> is set.</param>
    /// <param name="classes">Number of classes, 2 to <see cref="MaxClasses"/>.</param>
    /// <param name="imagesPerClass">Images per class, at least 1; files are numbered from <c>0000.png</c>.</param>
    /// <param name="size">Width and height in pixels, <see cref="MinSize"/> to <see cref="MaxSize"/>.</param>
    /// <param name="seed">Any integer; a different seed gives a different set (use one for train, one for test).</param>
    /// <param name="overwrite">
    /// When true, a non-empty <paramref name="folder"/> is allowed: its <c>class-*</c> subfolders are deleted first.
    /// </param>
    /// <returns>What was written.</returns>
    /// <exception cref="UserInputException">An argument is out of range, or the folder holds files.</exception>
    public static SyntheticImageSetInfo Generate(
        string folder, int classes, int imagesPerClass, int size, int seed, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Check(classes >= 2 && classes <= MaxClasses, $"--classes must be 2 to {MaxClasses}; got {classes}.");
        Check(imagesPerClass >= 1, $"--images-per-class must be at least 1; got {imagesPerClass}.");
        Check(size is >= MinSize and <= MaxSize, $"--size must be {MinSize} to {MaxSize} pixels; got {size}.");

        string root = Path.GetFullPath(folder);
        PrepareFolder(root, overwrite);

        var classList = Enumerable.Range(0, classes).Select(SyntheticClass.At).ToArray();
        foreach (SyntheticClass imageClass in classList)
        {
            Directory.CreateDirectory(Path.Combine(root, imageClass.FolderName));
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, classes * imagesPerClass, options, item =>
        {
            SyntheticClass imageClass = classList[item / imagesPerClass];
            int imageIndex = item % imagesPerClass;
            byte[] rgb = SyntheticImageRenderer.Render(imageClass, imageIndex, size, seed);
            byte[] png = PngEncoder.EncodeRgb(rgb, size, size);
            AtomicFileWriter.WriteAllBytes(Path.Combine(root, imageClass.FolderName, ImageFileName(imageIndex)), png);
        });

        return new SyntheticImageSetInfo(root, classList.Select(c => c.FolderName).ToArray(), imagesPerClass, size, seed);
    }

    /// <summary>The class folder names for <paramref name="classes"/> classes, in index order.</summary>
    public static IReadOnlyList<string> ClassNames(int classes)
    {
        Check(classes >= 2 && classes <= MaxClasses, $"--classes must be 2 to {MaxClasses}; got {classes}.");
        return Enumerable.Range(0, classes).Select(i => SyntheticClass.At(i).FolderName).ToArray();
    }

    /// <summary>The file name of image <paramref name="imageIndex"/> in its class folder (<c>0007.png</c>).</summary>
    public static string ImageFileName(int imageIndex) =>
        imageIndex.ToString(imageIndex < 10000 ? "D4" : "D", CultureInfo.InvariantCulture) + ".png";

    private static void PrepareFolder(string root, bool overwrite)
    {
        if (!Directory.Exists(root))
        {
            Directory.CreateDirectory(root);
            return;
        }

        if (!Directory.EnumerateFileSystemEntries(root).Any())
        {
            return;
        }

        if (!overwrite)
        {
            throw new UserInputException(
                $"The folder '{root}' is not empty; the synthetic image set needs an empty folder (or overwrite).");
        }

        foreach (string classFolder in Directory.EnumerateDirectories(root, "class-*"))
        {
            Directory.Delete(classFolder, recursive: true);
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new UserInputException(message);
        }
    }
}

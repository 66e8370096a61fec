using System.Security.Cryptography;
using SkiaSharp;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.Cli.Synthetic;
using Xunit;

namespace SplitBrain.Cli.Tests.Synthetic;

public sealed class SyntheticImageSetTests
{
    [Fact]
    public void SameSeedWritesByteIdenticalFiles()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        SyntheticImageSet.Generate(first.Path, classes: 4, imagesPerClass: 6, size: 24, seed: 11);
        SyntheticImageSet.Generate(second.Path, classes: 4, imagesPerClass: 6, size: 24, seed: 11);

        Assert.Equal(HashTree(first.Path), HashTree(second.Path));
    }

    [Fact]
    public void DifferentSeedsGiveDifferentImages()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        SyntheticImageSet.Generate(first.Path, classes: 2, imagesPerClass: 3, size: 16, seed: 1);
        SyntheticImageSet.Generate(second.Path, classes: 2, imagesPerClass: 3, size: 16, seed: 2);

        var firstHashes = HashTree(first.Path);
        var secondHashes = HashTree(second.Path);
        Assert.Equal(firstHashes.Keys, secondHashes.Keys);
        Assert.All(firstHashes.Keys, name => Assert.NotEqual(firstHashes[name], secondHashes[name]));
    }

    [Fact]
    public void WritesBalancedClassFoldersOfNumberedPngs()
    {
        using var folder = new TempFolder();
        SyntheticImageSetInfo info = SyntheticImageSet.Generate(folder.Path, classes: 7, imagesPerClass: 5, size: 20, seed: 3);

        Assert.Equal(35, info.ImageCount);
        string[] classFolders = Directory.GetDirectories(folder.Path).Select(Path.GetFileName).Order().ToArray()!;
        Assert.Equal(info.ClassNames, classFolders);
        Assert.Equal("class-00-red-discs", classFolders[0]);
        Assert.Equal("class-03-lime-triangles", classFolders[3]);
        foreach (string classFolder in classFolders)
        {
            string[] files = Directory.GetFiles(Path.Combine(folder.Path, classFolder)).Select(Path.GetFileName).Order().ToArray()!;
            Assert.Equal(["0000.png", "0001.png", "0002.png", "0003.png", "0004.png"], files);
        }
    }

    [Fact]
    public void PngFilesDecodeToTheRenderedPixels()
    {
        using var folder = new TempFolder();
        SyntheticImageSet.Generate(folder.Path, classes: 3, imagesPerClass: 2, size: 19, seed: 5);

        SyntheticClass imageClass = SyntheticClass.At(2);
        byte[] expected = SyntheticImageRenderer.Render(imageClass, 1, 19, 5);
        using SKBitmap bitmap = SKBitmap.Decode(Path.Combine(folder.Path, imageClass.FolderName, "0001.png"));
        Assert.Equal(19, bitmap.Width);
        Assert.Equal(19, bitmap.Height);
        for (int y = 0; y < 19; y++)
        {
            for (int x = 0; x < 19; x++)
            {
                SKColor pixel = bitmap.GetPixel(x, y);
                int offset = (y * 19 + x) * 3;
                Assert.Equal(expected[offset], pixel.Red);
                Assert.Equal(expected[offset + 1], pixel.Green);
                Assert.Equal(expected[offset + 2], pixel.Blue);
            }
        }
    }

    [Fact]
    public void ClassesDifferInMeanColour()
    {
        const int classes = 10;
        const int images = 24;
        const int size = 32;
        var means = new (double R, double G, double B)[classes];
        for (int c = 0; c < classes; c++)
        {
            double r = 0, g = 0, b = 0;
            for (int i = 0; i < images; i++)
            {
                byte[] rgb = SyntheticImageRenderer.Render(SyntheticClass.At(c), i, size, seed: 9);
                for (int p = 0; p < rgb.Length; p += 3)
                {
                    r += rgb[p];
                    g += rgb[p + 1];
                    b += rgb[p + 2];
                }
            }

            double pixels = images * size * size;
            means[c] = (r / pixels, g / pixels, b / pixels);
        }

        // Every pair of the first ten classes (ten distinct hue families) differs in mean colour by a visible margin.
        double smallest = double.MaxValue;
        for (int a = 0; a < classes; a++)
        {
            for (int b = a + 1; b < classes; b++)
            {
                double distance = Math.Sqrt(Math.Pow(means[a].R - means[b].R, 2) + Math.Pow(means[a].G - means[b].G, 2)
                    + Math.Pow(means[a].B - means[b].B, 2));
                smallest = Math.Min(smallest, distance);
            }
        }

        Assert.True(smallest > 4, $"Closest pair of class mean colours is {smallest:F2} levels apart.");

        // The red class is redder than average and the blue class bluer, by a clear margin.
        Assert.True(means[0].R - (means[0].G + means[0].B) / 2 > 15, $"red class mean {means[0]}");
        Assert.True(means[7].B - (means[7].R + means[7].G) / 2 > 15, $"blue class mean {means[7]}");
    }

    [Fact]
    public void EveryClassUpToTheMaximumIsADistinctHueAndShapePair()
    {
        var pairs = Enumerable.Range(0, SyntheticImageSet.MaxClasses)
            .Select(SyntheticClass.At)
            .Select(c => (c.HueName, c.Shape))
            .ToHashSet();
        Assert.Equal(60, pairs.Count);
        Assert.Equal(SyntheticImageSet.MaxClasses, SyntheticImageSet.ClassNames(SyntheticImageSet.MaxClasses).Distinct().Count());
    }

    [Fact]
    public void RejectsANonEmptyFolderAndOutOfRangeArguments()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("notes.txt"), "mine");

        var nonEmpty = Assert.Throws<UserInputException>(
            () => SyntheticImageSet.Generate(folder.Path, 2, 1, 16, 0));
        Assert.Contains(folder.Path, nonEmpty.Message);
        var tooMany = Assert.Throws<UserInputException>(
            () => SyntheticImageSet.Generate(folder.Combine("x"), 61, 1, 16, 0));
        Assert.Contains("61", tooMany.Message);
        Assert.Throws<UserInputException>(() => SyntheticImageSet.Generate(folder.Combine("y"), 2, 1, 4, 0));
    }

    [Fact]
    public void OverwriteReplacesEarlierClassFolders()
    {
        using var folder = new TempFolder();
        SyntheticImageSet.Generate(folder.Path, classes: 5, imagesPerClass: 1, size: 16, seed: 0);
        SyntheticImageSet.Generate(folder.Path, classes: 2, imagesPerClass: 2, size: 16, seed: 0, overwrite: true);

        Assert.Equal(2, Directory.GetDirectories(folder.Path).Length);
        Assert.Empty(Directory.GetFiles(folder.Path, "*" + AtomicFileWriter.TemporarySuffix, SearchOption.AllDirectories));
    }

    private static SortedDictionary<string, string> HashTree(string root)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
        {
            hashes[Path.GetRelativePath(root, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return hashes;
    }
}

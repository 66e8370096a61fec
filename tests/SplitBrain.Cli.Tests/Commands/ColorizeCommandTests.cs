using SkiaSharp;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.Cli.Synthetic;
using Xunit;

namespace SplitBrain.Cli.Tests.Commands;

/// <summary>The colorize tests swap Console.Out and Console.Error, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCaptureCollection : ICollectionFixture<PretrainedFolderFixture>
{
    public const string Name = "Commands: console capture";
}

/// <summary>A synthetic image set (3 classes × 4 images, 32 pixels) and a 1-epoch split-brain pretraining on it.</summary>
public sealed class PretrainedFolderFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public PretrainedFolderFixture()
    {
        Data = _folder.Combine("data");
        Pretrained = _folder.Combine("pre");
        SyntheticImageSet.Generate(Data, classes: 3, imagesPerClass: 4, size: ImageSize, seed: Seed);
        var (code, _, error) = ColorizeCommandTests.Run("pretrain", "--data", Data, "--epochs", "1", "--batch-size", "8",
            "--out", Pretrained);
        if (code != ExitCodes.Success)
            throw new InvalidOperationException($"pretrain failed with {code}: {error}");
    }

    public const int ImageSize = 32;
    public const int Seed = 4;

    public string Data { get; }

    public string Pretrained { get; }

    public string Combine(params string[] parts) => _folder.Combine(parts);

    public void Dispose() => _folder.Dispose();
}

[Collection(ConsoleCaptureCollection.Name)]
public sealed class ColorizeCommandTests(PretrainedFolderFixture fixture)
{
    private const int Size = PretrainedFolderFixture.ImageSize;

    internal static (int Code, string Output, string Error) Run(params string[] args)
    {
        TextWriter originalOut = Console.Out, originalError = Console.Error;
        var output = new StringWriter();
        var error = new StringWriter();
        try
        {
            Console.SetOut(output);
            Console.SetError(error);
            return (Program.Main(args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    private static void AssertTileMatches(SKBitmap bitmap, int row, int tile, byte[] expectedRgb)
    {
        for (int y = 0; y < Size; y++)
        for (int x = 0; x < Size; x++)
        {
            SKColor pixel = bitmap.GetPixel(tile * Size + x, row * Size + y);
            int offset = (y * Size + x) * 3;
            Assert.InRange(pixel.Red - expectedRgb[offset], -1, 1);
            Assert.InRange(pixel.Green - expectedRgb[offset + 1], -1, 1);
            Assert.InRange(pixel.Blue - expectedRgb[offset + 2], -1, 1);
        }
    }

    [Fact]
    public void WritesOnePngRowPerImage_SpreadOverTheData()
    {
        string png = fixture.Combine("out", "preview.png");

        var (code, output, error) = Run("colorize", "--pretrained", fixture.Pretrained, "--data", fixture.Data,
            "--count", "5", "--out", png);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("5 rows × 4 tiles (128×160 px)", output);
        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.Equal((4 * Size, 5 * Size), (bitmap.Width, bitmap.Height));
        // Rows 0 and 4 are images 0 and 9 of 12 (i · 12 / 5): class 0 image 0 and class 2 image 1.
        AssertTileMatches(bitmap, 0, 0, SyntheticImageRenderer.Render(SyntheticClass.At(0), 0, Size, PretrainedFolderFixture.Seed));
        AssertTileMatches(bitmap, 4, 0, SyntheticImageRenderer.Render(SyntheticClass.At(2), 1, Size, PretrainedFolderFixture.Seed));
        for (int y = 0; y < bitmap.Height; y++)
        for (int x = Size; x < 2 * Size; x++)
        {
            SKColor grey = bitmap.GetPixel(x, y);
            Assert.InRange(grey.Red - grey.Blue, -1, 1);
            Assert.InRange(grey.Green - grey.Blue, -1, 1);
        }
    }

    [Fact]
    public void ImageFiles_GiveOneRowEachInTheOrderGiven()
    {
        string first = Path.Combine(fixture.Data, SyntheticClass.At(1).FolderName, SyntheticImageSet.ImageFileName(3));
        string second = Path.Combine(fixture.Data, SyntheticClass.At(0).FolderName, SyntheticImageSet.ImageFileName(2));
        string png = fixture.Combine("images.png");

        var (code, _, error) = Run("colorize", "--pretrained", fixture.Pretrained, "--image", first, second,
            "--decode", "mode", "--out", png);

        Assert.True(code == ExitCodes.Success, error);
        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.Equal((4 * Size, 2 * Size), (bitmap.Width, bitmap.Height));
        AssertTileMatches(bitmap, 0, 0, SyntheticImageRenderer.Render(SyntheticClass.At(1), 3, Size, PretrainedFolderFixture.Seed));
        AssertTileMatches(bitmap, 1, 0, SyntheticImageRenderer.Render(SyntheticClass.At(0), 2, Size, PretrainedFolderFixture.Seed));
    }

    [Theory]
    [InlineData("--temperature", "0", "--temperature 0: expected a number above 0")]
    [InlineData("--temperature", "-0.5", "--temperature -0.5: expected a number above 0")]
    [InlineData("--count", "0", "--count 0: expected at least 1")]
    [InlineData("--decode", "median", "--decode 'median': expected annealed-mean or mode")]
    public void BadOptions_GiveTheUsageExitCodeAndNameTheOption(string option, string value, string message)
    {
        string png = fixture.Combine($"bad-{Guid.NewGuid():N}.png");

        var (code, _, error) = Run("colorize", "--pretrained", fixture.Pretrained, "--data", fixture.Data, option, value,
            "--out", png);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, error);
        Assert.False(File.Exists(png));
    }

    [Fact]
    public void AMissingOrWrongPretrainedFolder_GivesTheUsageExitCode()
    {
        string missing = fixture.Combine("no-such-folder");
        string notPretrained = fixture.Data;

        var (missingCode, _, missingError) = Run("colorize", "--pretrained", missing, "--data", fixture.Data,
            "--out", fixture.Combine("x.png"));
        var (wrongCode, _, wrongError) = Run("colorize", "--pretrained", notPretrained, "--data", fixture.Data,
            "--out", fixture.Combine("y.png"));

        Assert.Equal(ExitCodes.BadInput, missingCode);
        Assert.Contains($"--pretrained: folder '{missing}' does not exist", missingError);
        Assert.Equal(ExitCodes.BadInput, wrongCode);
        Assert.Contains("is not a `splitbrain pretrain --out` folder (pretrain.json is missing)", wrongError);
    }
}

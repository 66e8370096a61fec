using SplitBrain.Cli.Infrastructure;
using Xunit;

namespace SplitBrain.Cli.Tests.Commands;

/// <summary>predict names the user's own file when the image or the model is wrong, with the usage exit code.</summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class PredictCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void ATextFileGivenAsImageIsNamed()
    {
        string fake = _folder.Combine("notes.jpg");
        File.WriteAllText(fake, "not an image");

        var (code, _, error) = ColorizeCommandTests.Run("predict", "--model", _folder.Combine("model.zip"), "--image", fake);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"'{fake}' is not an image", error);
    }

    [Fact]
    public void AFolderGivenAsModelIsNamed()
    {
        var images = SplitBrain.Cli.Synthetic.SyntheticImageSet.Generate(_folder.Combine("images"), classes: 2, imagesPerClass: 1, size: 8, seed: 1);
        string image = Directory.GetFiles(images.Folder, "*.png", SearchOption.AllDirectories)[0];
        string folder = _folder.Combine("pretrained");
        Directory.CreateDirectory(folder);

        var (code, _, error) = ColorizeCommandTests.Run("predict", "--model", folder, "--image", image);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"'{folder}' is a folder; expected a model zip file", error);
    }

    public void Dispose() => _folder.Dispose();
}

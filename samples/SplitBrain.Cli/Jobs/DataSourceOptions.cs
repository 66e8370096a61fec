using System.CommandLine;
using Microsoft.ML;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.MLNet;

namespace SplitBrain.Cli.Jobs;

/// <summary>
/// The data options every command shares: an image folder (one subfolder per class, or the reference layout
/// supervised/train, supervised/val, unsupervised), CIFAR-10 binary or STL-10 binary.
/// </summary>
internal sealed class DataSourceOptions
{
    public Option<DirectoryInfo?> Data { get; } = new("--data")
    {
        Description = "An image folder: one subfolder per class, or the reference layout (supervised/train, supervised/val, unsupervised).",
    };

    public Option<DirectoryInfo?> Cifar10 { get; } = new("--cifar10")
    {
        Description = "A folder holding CIFAR-10 binary batches (data_batch_*.bin, test_batch.bin).",
    };

    public Option<DirectoryInfo?> Stl10 { get; } = new("--stl10")
    {
        Description = "A folder holding STL-10 binary files (*_X.bin, *_y.bin).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Cifar10);
        command.Options.Add(Stl10);
    }

    /// <summary>Which part of a data set a command wants.</summary>
    public enum Part
    {
        /// <summary>Images for pretraining: the reference layout's unsupervised folder, STL-10's unlabeled file, CIFAR-10's train batches.</summary>
        Unlabeled,

        /// <summary>Labeled training images: supervised/train, STL-10 train, CIFAR-10 train.</summary>
        Train,

        /// <summary>Labeled evaluation images: supervised/val, STL-10 test, CIFAR-10 test; a plain folder is used as it is.</summary>
        Test,
    }

    public ImageDataView Load(MLContext ml, ParseResult parse, Part part)
    {
        DirectoryInfo? folder = parse.GetValue(Data), cifar = parse.GetValue(Cifar10), stl = parse.GetValue(Stl10);
        int given = (folder is null ? 0 : 1) + (cifar is null ? 0 : 1) + (stl is null ? 0 : 1);
        if (given != 1)
            throw new UserInputException($"Give exactly one of --data, --cifar10 or --stl10 (found {given}).");
        var options = new ImageDataSourceOptions { WarningCallback = message => Console.Error.WriteLine($"warning: {message}") };
        if (cifar is not null)
            return ImageDataSources.LoadCifar10Binary(ml, Existing(cifar, "--cifar10"), part == Part.Test ? Cifar10Split.Test : Cifar10Split.Train, options);
        if (stl is not null)
            return ImageDataSources.LoadStl10Binary(ml, Existing(stl, "--stl10"),
                part switch { Part.Unlabeled => Stl10Split.Unlabeled, Part.Train => Stl10Split.Train, _ => Stl10Split.Test }, options);
        string root = Existing(folder!, "--data");
        if (ImageDataSources.IsReferenceLayout(root))
        {
            var layout = ImageDataSources.LoadReferenceLayout(ml, root, options);
            return part switch { Part.Unlabeled => layout.Unsupervised, Part.Train => layout.Train, _ => layout.Validation };
        }
        return ImageDataSources.LoadImageFolder(ml, root, options);
    }

    private static string Existing(DirectoryInfo folder, string option)
    {
        if (!folder.Exists)
            throw new UserInputException($"{option}: folder '{folder.FullName}' does not exist.");
        return folder.FullName;
    }
}

using System.CommandLine;
using Microsoft.ML;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.Cli.Jobs;
using SplitBrain.MLNet;

namespace SplitBrain.Cli.Commands;

/// <summary>
/// `splitbrain colorize`: a PNG grid showing what a pretrained split-brain model predicts, one row per image
/// (original | L as grey | L + predicted ab | predicted L as grey).
/// </summary>
public static class ColorizeCommand
{
    public static Command Create()
    {
        var data = new DataSourceOptions();
        var pretrained = new Option<DirectoryInfo>("--pretrained")
        {
            Description = "A `splitbrain pretrain --out` folder (split-brain, not dae).", Required = true,
        };
        var images = new Option<FileInfo[]>("--image")
        {
            Description = "Image files to preview instead of a data set (repeat the option or list several).",
            AllowMultipleArgumentsPerToken = true,
        };
        var count = new Option<int>("--count")
        {
            Description = "Images to preview, spread evenly over the data (one grid row each).",
            DefaultValueFactory = _ => ColorizationPreviewOptions.DefaultMaxImages,
        };
        var temperature = new Option<double>("--temperature")
        {
            Description = "Annealed-mean temperature, above 0: 1 averages the bins, smaller values approach the mode.",
            DefaultValueFactory = _ => ColorizationPreviewOptions.DefaultTemperature,
        };
        var decode = new Option<string>("--decode")
        {
            Description = "annealed-mean (default) or mode.", DefaultValueFactory = _ => "annealed-mean",
        };
        var output = new Option<FileInfo>("--out") { Description = "The PNG file to write.", Required = true };

        var command = new Command("colorize", "Writes a colorization preview of a pretrained model: per image, the original, " +
            "L as grey, L with the predicted ab, and the L predicted from the true ab.");
        command.Options.Add(pretrained);
        data.AddTo(command);
        foreach (Option option in new Option[] { images, count, temperature, decode, output })
            command.Options.Add(option);

        command.SetAction(parse => CommandRunner.Run(_ =>
        {
            var options = new ColorizationPreviewOptions
            {
                MaxImages = parse.GetValue(count),
                Temperature = parse.GetValue(temperature),
                Decoding = ParseDecoding(parse.GetValue(decode)!),
            };
            if (options.MaxImages < 1)
                throw new UserInputException($"--count {options.MaxImages}: expected at least 1.");
            if (!double.IsFinite(options.Temperature) || options.Temperature <= 0)
                throw new UserInputException(
                    $"--temperature {options.Temperature}: expected a number above 0 (0.38 is the usual value).");

            string folder = parse.GetValue(pretrained)!.FullName;
            if (!Directory.Exists(folder))
                throw new UserInputException($"--pretrained: folder '{folder}' does not exist.");
            PretrainRecord record = PretrainedFolder.ReadRecord(folder);
            if (record.Method != "split-brain")
                throw new UserInputException(
                    $"--pretrained: '{folder}' holds a {record.Method} model; colorize needs a split-brain model.");

            var ml = new MLContext(seed: 0);
            using var featurizer = PretrainedFolder.LoadFeaturizer(ml, folder);
            var model = featurizer as SplitBrainPretrainTransformer
                ?? throw new UserInputException($"--pretrained: '{folder}' does not hold a split-brain model.");
            FileInfo[] files = parse.GetValue(images) ?? [];
            string? imageFolder = files.Length > 0 ? CopyImages(files, parse, data) : null;
            try
            {
                ImageDataView all = imageFolder is null
                    ? data.Load(ml, parse, DataSourceOptions.Part.Test)
                    : ImageDataSources.LoadImageFolder(ml, imageFolder);
                ImageDataView picked = SpreadEvenly(all, options.MaxImages);
                IDataView quantized = ImagePipeline.Preprocess(ml, picked, picked.ImageColumnName, model.ImageSize,
                    model.ColorSpace, model.GridSize).Fit(picked).Transform(picked);
                ColorizationPreview preview = ColorizationPreviewer.Create(model, quantized, options);
                string outPath = parse.GetValue(output)!.FullName;
                preview.SavePng(outPath);
                bool rgb = model.ColorSpace == ColorSpace.Rgb;
                string single = rgb ? "R" : "L", pair = rgb ? "GB" : "ab";
                Console.WriteLine($"Wrote {outPath}: {preview.ImageCount} rows × 4 tiles ({preview.Width}×{preview.Height} px): " +
                    $"original | {single} | {single} + predicted {pair} | predicted {single}.");
            }
            finally
            {
                if (imageFolder is not null)
                    Directory.Delete(imageFolder, recursive: true);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    internal static ColorDecoding ParseDecoding(string text) => text.ToLowerInvariant() switch
    {
        "annealed-mean" => ColorDecoding.AnnealedMean,
        "mode" => ColorDecoding.Mode,
        _ => throw new UserInputException($"--decode '{text}': expected annealed-mean or mode."),
    };

    /// <summary><paramref name="count"/> rows spread evenly over the data (all of them when it is shorter), in order.</summary>
    internal static ImageDataView SpreadEvenly(ImageDataView data, int count)
    {
        long rows = data.GetRowCount() ?? data.ListedRowCount;
        if (rows == 0)
            throw new UserInputException($"The data ({data.Source}) holds no images.");
        long taken = Math.Min(rows, count);
        return data.Subset(Enumerable.Range(0, (int)taken).Select(i => i * rows / taken).ToArray());
    }

    // The image-folder loader wants class subfolders: the files go into one, in the order given.
    private static string CopyImages(FileInfo[] files, ParseResult parse, DataSourceOptions data)
    {
        if (parse.GetValue(data.Data) is not null || parse.GetValue(data.Cifar10) is not null
            || parse.GetValue(data.Stl10) is not null)
            throw new UserInputException("Give either --image or one of --data, --cifar10 or --stl10, not both.");
        foreach (FileInfo file in files)
            if (!file.Exists)
                throw new UserInputException($"--image: '{file.FullName}' does not exist.");
        string folder = Path.Combine(Path.GetTempPath(), $"splitbrain-colorize-{Guid.NewGuid():N}");
        string classFolder = Path.Combine(folder, "images");
        Directory.CreateDirectory(classFolder);
        try
        {
            for (int i = 0; i < files.Length; i++)
                File.Copy(files[i].FullName, Path.Combine(classFolder, $"{i:D5}{files[i].Extension}"));
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }

        return folder;
    }
}

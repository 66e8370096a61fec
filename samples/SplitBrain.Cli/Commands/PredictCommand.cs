using System.CommandLine;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.Cli.Jobs;
using SplitBrain.MLNet;

namespace SplitBrain.Cli.Commands;

/// <summary>`splitbrain predict`: the top-k classes of one image under a model zip.</summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "A model zip from finetune.", Required = true };
        var image = new Option<FileInfo>("--image") { Description = "The image file.", Required = true };
        var top = new Option<int>("--top") { Description = "How many classes to print.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: {\"image\", \"predictions\": [{\"label\", \"score\"}]}." };
        var command = new Command("predict", "Prints the most likely classes of one image.");
        foreach (Option option in new Option[] { model, image, top, json })
            command.Options.Add(option);

        command.SetAction(parse => CommandRunner.Run(_ =>
        {
            var ml = new MLContext(seed: 0);
            string modelPath = parse.GetValue(model)!.FullName, imagePath = parse.GetValue(image)!.FullName;
            CheckImage(imagePath);
            ITransformer loaded = ml.Model.LoadChecked(modelPath, out DataViewSchema schema);
            var predictions = Predict(ml, loaded, schema, imagePath).Take(Math.Max(1, parse.GetValue(top))).ToList();
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new { image = imagePath, predictions = predictions.Select(p => new { label = p.Label, score = p.Score }) }));
            else
                foreach (var (label, score) in predictions)
                    Console.WriteLine($"{score,8:P2}  {label}");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>All classes of the model for one image file, most likely first. The caller checks the file first
    /// (<see cref="CheckImage"/>).</summary>
    internal static IEnumerable<(string Label, float Score)> Predict(MLContext ml, ITransformer model, DataViewSchema schema, string imagePath)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"splitbrain-predict-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(folder, "unknown"));
        try
        {
            // The model's input is the image-folder schema; one image in a one-class folder gives exactly that schema.
            File.Copy(imagePath, Path.Combine(folder, "unknown", "image" + Path.GetExtension(imagePath)));
            ImageDataView data = ImageDataSources.LoadImageFolder(ml, folder);
            IDataView scored = model.Transform(data);
            string[] classes = Scoring.ModelClasses(scored.Schema);
            float[] scores = scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).Single();
            return classes.Zip(scores).OrderByDescending(p => p.Second).Select(p => (p.First, p.Second)).ToList();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Fails with a message naming <paramref name="imagePath"/> unless it is a decodable image file.</summary>
    internal static void CheckImage(string imagePath)
    {
        if (!File.Exists(imagePath))
            throw new UserInputException($"--image: '{imagePath}' does not exist.");
        try
        {
            // Decode once here, so that a file that is not an image is reported under its own name.
            using MLImage image = MLImage.CreateFromFile(imagePath);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            throw new UserInputException($"--image: '{imagePath}' is not an image that can be decoded " +
                "(expected PNG, JPEG, BMP, GIF or WebP).", e);
        }
    }
}

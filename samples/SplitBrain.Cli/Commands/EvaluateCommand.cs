using System.CommandLine;
using System.Text.Json;
using Microsoft.ML;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.Cli.Jobs;
using SplitBrain.Cli.Plots;
using Microsoft.ML.Data;
using SplitBrain.MLNet;

namespace SplitBrain.Cli.Commands;

/// <summary>`splitbrain evaluate`: top-1, top-5 and macro accuracy of a model zip on labeled images.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var data = new DataSourceOptions();
        var model = new Option<FileInfo>("--model") { Description = "A model zip from finetune.", Required = true };
        var holdout = new Option<int>("--holdout-per-class") { Description = "Evaluate only the last K images of each class.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: top1, top5, macro_accuracy, count." };
        var confusion = new Option<FileInfo?>("--confusion") { Description = "Also write a confusion-matrix PNG here." };
        var command = new Command("evaluate", "Measures a model zip on labeled images; classes are matched by name.");
        data.AddTo(command);
        foreach (Option option in new Option[] { model, holdout, json, confusion })
            command.Options.Add(option);

        command.SetAction(parse => CommandRunner.Run(_ =>
        {
            var ml = new MLContext(seed: 0);
            string path = parse.GetValue(model)!.FullName;
            if (!File.Exists(path))
                throw new UserInputException($"--model: '{path}' does not exist.");
            ITransformer loaded = ml.Model.LoadChecked(path, out DataViewSchema _schema);
            ImageDataView images = data.Load(ml, parse, DataSourceOptions.Part.Test);
            if (parse.GetValue(holdout) > 0)
                images = StratifiedSampler.HeldOut(images, parse.GetValue(holdout));
            var result = Scoring.Evaluate(loaded, images, images.ClassNames ?? throw new UserInputException("The evaluation data is unlabeled."));
            if (parse.GetValue(confusion) is FileInfo png)
                ConfusionMatrixPlot.Write(png.FullName, result.ClassNames, result.Confusion);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    top1 = result.Top1, top5 = result.Top5, macro_accuracy = result.MacroAccuracy, count = result.Count,
                    model = path, data = images.Source,
                }));
            }
            else
            {
                Console.WriteLine($"{result.Count} images from {images.Source}");
                Console.WriteLine($"top-1 {result.Top1:P2}   top-5 {result.Top5:P2}   macro accuracy {result.MacroAccuracy:P2}");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.Cli.Jobs;
using SplitBrain.Cli.Plots;
using SplitBrain.MLNet;

namespace SplitBrain.Cli.Commands;

/// <summary>`splitbrain finetune`: trains a classifier with few labels (or a baseline) and saves it as a model zip.</summary>
public static class FinetuneCommand
{
    public static Command Create()
    {
        var data = new DataSourceOptions();
        var pretrained = new Option<DirectoryInfo?>("--pretrained") { Description = "A `splitbrain pretrain --out` folder (split-brain or dae)." };
        var scratch = new Option<bool>("--from-scratch") { Description = "Baseline: the same encoder and head, randomly initialised." };
        var linear = new Option<bool>("--linear-pixels") { Description = "Baseline: ML.NET ExtractPixels + LbfgsMaximumEntropy on raw pixels." };
        var encoder = new Option<string>("--encoder") { Description = "Encoder for --from-scratch.", DefaultValueFactory = _ => "simple" };
        var size = new Option<int?>("--size") { Description = "Image size for --from-scratch and --linear-pixels (default: the images' own)." };
        var space = new Option<string>("--space") { Description = "Colour space for --from-scratch.", DefaultValueFactory = _ => "lab" };
        var grid = new Option<int?>("--grid") { Description = "Label grid for --from-scratch (default 12 for 96-pixel images, else 8)." };
        var perClass = new Option<int?>("--labels-per-class") { Description = "Labeled training images per class (stratified, by seed); required unless --sweep is given." };
        var valPerClass = new Option<int>("--val-per-class") { Description = "Validation images per class for early stopping.", DefaultValueFactory = _ => 0 };
        var holdout = new Option<int>("--holdout-per-class") { Description = "Never draw the last K images of each class (the evaluation set).", DefaultValueFactory = _ => 0 };
        var epochs = new Option<int>("--epochs") { Description = "The most epochs.", DefaultValueFactory = _ => 30 };
        var batch = new Option<int>("--batch-size") { Description = "Images per step.", DefaultValueFactory = _ => 64 };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-4 };
        var decay = new Option<double>("--lr-decay") { Description = "Learning-rate factor after every epoch.", DefaultValueFactory = _ => 1.0 };
        var head = new Option<string>("--head") { Description = "linear or mlp.", DefaultValueFactory = _ => "linear" };
        var features = new Option<string>("--features") { Description = "score-maps (the reference) or pooled.", DefaultValueFactory = _ => "score-maps" };
        var freeze = new Option<bool>("--freeze") { Description = "Train the head only." };
        var patience = new Option<int>("--patience") { Description = "Early-stopping patience in epochs (0 = the reference's rule).", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seeds the label draw, the head and the shuffles.", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 0, Description = "TorchSharp CPU threads (0 = all cores)." };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto", Description = "auto, cpu or cuda." };
        var output = new Option<FileInfo>("--out") { Description = "The model zip to write.", Required = true };
        var sweep = new Option<string?>("--sweep")
        {
            Description = "Label-efficiency sweep: comma-separated labels per class (e.g. 10,100,400). Trains once per value, " +
                "evaluates each on the held-out images (needs --holdout-per-class), and writes OUT-label-efficiency.png " +
                "and .json; --out gets the model of the last value.",
        };

        var command = new Command("finetune", "Fine-tunes a classifier on a few labels per class and saves an ML.NET model zip.");
        data.AddTo(command);
        foreach (Option option in new Option[] { pretrained, scratch, linear, encoder, size, space, grid, perClass, valPerClass, holdout, epochs, batch, lr, decay, head, features, freeze, patience, seed, threads, device, output, sweep })
            command.Options.Add(option);

        command.SetAction(parse => CommandRunner.Run(token =>
        {
            var ml = new MLContext(seed: parse.GetValue(seed));
            using var cancel = token.Register(ml.CancelExecution);
            var clock = Stopwatch.StartNew();
            string outPath = parse.GetValue(output)!.FullName;
            int starts = (parse.GetValue(pretrained) is null ? 0 : 1) + (parse.GetValue(scratch) ? 1 : 0) + (parse.GetValue(linear) ? 1 : 0);
            if (starts != 1)
                throw new UserInputException("Give exactly one of --pretrained DIR, --from-scratch or --linear-pixels.");

            ImageDataView all = data.Load(ml, parse, DataSourceOptions.Part.Train);
            int[] budgets = parse.GetValue(sweep) is string list ? ParseSweep(list, parse.GetValue(holdout))
                : [parse.GetValue(perClass) ?? throw new UserInputException("Give --labels-per-class N (or --sweep N1,N2,...).")];
            var efficiency = new List<(int LabelsPerClass, double Top1, double Top5)>();
            ITransformer model = null!;
            IReadOnlyList<(int Epoch, Dictionary<string, double> Values)> history = [];
            foreach (int labels in budgets)
            {
                StratifiedSplit split;
                (model, history, split) = Train(labels);
                if (parse.GetValue(sweep) is not null)
                {
                    var result = Scoring.Evaluate(model, split.HeldOut, all.ClassNames!);
                    efficiency.Add((labels, result.Top1, result.Top5));
                    Console.WriteLine($"{labels} labels per class: held-out top-1 {result.Top1:P1}, top-5 {result.Top5:P1}.");
                }
            }

            (ITransformer, IReadOnlyList<(int Epoch, Dictionary<string, double> Values)>, StratifiedSplit) Train(int labelsPerClass)
            {
                var split = StratifiedSampler.Split(all, new StratifiedSplitOptions
                {
                    TrainRowsPerClass = labelsPerClass, ValidationRowsPerClass = parse.GetValue(valPerClass),
                    HeldOutRowsPerClass = parse.GetValue(holdout), Seed = parse.GetValue(seed),
                });
                Console.WriteLine($"Fine-tuning on {split.Train.GetRowCount()} labeled images ({labelsPerClass} per class), " +
                    $"{split.Validation.GetRowCount()} for validation, from {all.Source}.");

                ITransformer model;
                IReadOnlyList<(int Epoch, Dictionary<string, double> Values)> history = [];
                if (parse.GetValue(linear))
                {
                    int side = ImagePipeline.ImageSide(all, all.ImageColumnName, parse.GetValue(size));
                    var pipeline = ml.Transforms.ResizeImages("ImageSized", side, side, all.ImageColumnName)
                        .Append(ml.Transforms.ExtractPixels("Features", "ImageSized", scaleImage: 1f / 255))
                        .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
                    model = pipeline.Fit(split.Train);
                }
                else
                {
                    using var display = new TrainingProgressDisplay();
                    var options = new SplitBrainClassifierTrainer.Options
                    {
                        Head = parse.GetValue(head) switch
                        {
                            "linear" => ClassifierHeadKind.Linear,
                            "mlp" => ClassifierHeadKind.Mlp,
                            var other => throw new UserInputException($"--head '{other}': expected linear or mlp."),
                        },
                        FeatureKind = parse.GetValue(features) switch
                        {
                            "score-maps" => SplitBrainFeatureKind.ScoreMaps,
                            "pooled" => SplitBrainFeatureKind.PooledHidden,
                            var other => throw new UserInputException($"--features '{other}': expected score-maps or pooled."),
                        },
                        FreezeEncoders = parse.GetValue(freeze), Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch),
                        LearningRate = parse.GetValue(lr), LearningRateDecay = parse.GetValue(decay), Seed = parse.GetValue(seed),
                        EarlyStoppingPatience = parse.GetValue(patience), Threads = parse.GetValue(threads),
                        Device = ImagePipeline.ParseDevice(parse.GetValue(device)!), Progress = display,
                        TopK = Math.Min(5, all.ClassNames!.Count - 1),
                    };
                    ITransformer preprocess;
                    if (parse.GetValue(pretrained) is DirectoryInfo folder)
                    {
                        var record = PretrainedFolder.ReadRecord(folder.FullName);
                        var featurizer = PretrainedFolder.LoadFeaturizer(ml, folder.FullName);
                        if (featurizer is SplitBrainPretrainTransformer splitBrain)
                            options.Pretrained = splitBrain;
                        else
                            options.PretrainedAutoencoder = (DenoisingAutoencoderTransformer)featurizer;
                        preprocess = ImagePipeline.Preprocess(ml, all, all.ImageColumnName, record.Size,
                            ImagePipeline.ParseSpace(record.Space), record.Grid).Fit(all);
                    }
                    else
                    {
                        int side = ImagePipeline.ImageSide(all, all.ImageColumnName, parse.GetValue(size));
                        options.FromScratch = true;
                        options.FromScratchEncoder = ImagePipeline.ParseEncoder(parse.GetValue(encoder)!);
                        preprocess = ImagePipeline.Preprocess(ml, all, all.ImageColumnName, side, ImagePipeline.ParseSpace(parse.GetValue(space)!),
                            parse.GetValue(grid) ?? ImagePipeline.DefaultGrid(side)).Fit(all);
                    }
                    if (parse.GetValue(valPerClass) > 0)
                        options.ValidationData = preprocess.Transform(split.Validation);
                    var trainer = ml.MulticlassClassification.Trainers.SplitBrainClassifier(options);
                    var classifier = trainer.Fit(preprocess.Transform(split.Train));
                    history = trainer.History;
                    display.Dispose();
                    model = new TransformerChain<ITransformer>(preprocess, classifier);
                }
                return (model, history, split);
            }

            ml.Model.SaveAtomically(model, all.Schema, outPath);
            string stem = Path.Combine(Path.GetDirectoryName(outPath)!, Path.GetFileNameWithoutExtension(outPath));
            if (history.Count > 0)
                TrainingCurvePlot.WriteFineTuning(stem + "-curve.png", history);
            if (efficiency.Count > 0)
            {
                LabelEfficiencyPlot.Write(stem + "-label-efficiency.png", efficiency.Select(e => (e.LabelsPerClass, e.Top1)).ToList());
                AtomicFileWriter.WriteAllBytes(stem + "-label-efficiency.json", JsonSerializer.SerializeToUtf8Bytes(
                    efficiency.Select(e => new { labels_per_class = e.LabelsPerClass, top1 = e.Top1, top5 = e.Top5 }),
                    new JsonSerializerOptions { WriteIndented = true }));
            }
            AtomicFileWriter.WriteAllBytes(stem + "-history.json", JsonSerializer.SerializeToUtf8Bytes(new
            {
                labels_per_class = budgets[^1], seed = parse.GetValue(seed), elapsed_seconds = clock.Elapsed.TotalSeconds,
                history = history.Select(h => h.Values),
            }, new JsonSerializerOptions { WriteIndented = true }));
            string extras = (history.Count > 0 ? $", {stem}-curve.png" : "") +
                (efficiency.Count > 0 ? $", {stem}-label-efficiency.png and .json" : "");
            Console.WriteLine($"Wrote {outPath}, {stem}-history.json{extras} ({clock.Elapsed.TotalSeconds:F0} s).");
            return ExitCodes.Success;
        }, cancelledMessage: "Stopped after the current step."));
        return command;
    }

    /// <summary>The labels-per-class values of --sweep, each at least 1, in the order given.</summary>
    internal static int[] ParseSweep(string list, int heldOutPerClass)
    {
        if (heldOutPerClass < 1)
            throw new UserInputException("--sweep evaluates every budget on held-out images: give --holdout-per-class K (K >= 1).");
        var values = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (values.Length == 0)
            throw new UserInputException($"--sweep '{list}': expected comma-separated labels per class, such as 10,100,400.");
        return values.Select(text => int.TryParse(text, out int n) && n >= 1 ? n
            : throw new UserInputException($"--sweep: '{text}' is not a whole number of labels per class of at least 1.")).ToArray();
    }
}

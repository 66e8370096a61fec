using System.CommandLine;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.Cli.Jobs;
using SplitBrain.Cli.Plots;
using SplitBrain.Cli.Synthetic;
using SplitBrain.MLNet;

namespace SplitBrain.Cli.Commands;

/// <summary>
/// `splitbrain quickstart`: the whole method end to end on a generated image set, offline, in a few minutes.
/// </summary>
/// <remarks>
/// Steps: generate a labelled colour-image set (<see cref="SyntheticImageSet"/>) for training and a second one, drawn
/// with another seed, for testing; pretrain split-brain on the training images without labels; fine-tune a classifier
/// on a few labels per class, and train the same network from scratch on the same labels; evaluate both on the test
/// set; save the fine-tuned model zip, reload it in a new MLContext and predict one test image; write the plots.
/// </remarks>
public static class QuickstartCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for the model zip, plots and the generated images.",
            DefaultValueFactory = _ => new DirectoryInfo("splitbrain-quickstart"),
        };
        var classes = new Option<int>("--classes") { Description = "Classes in the generated set (2 to 60).", DefaultValueFactory = _ => 10 };
        var imagesPerClass = new Option<int>("--images-per-class")
        {
            Description = "Generated training images per class (all used for pretraining).", DefaultValueFactory = _ => 100,
        };
        var labelsPerClass = new Option<int>("--labels-per-class")
        {
            Description = "Labeled images per class for fine-tuning.", DefaultValueFactory = _ => 10,
        };
        var pretrainEpochs = new Option<int>("--pretrain-epochs") { Description = "Pretraining epochs.", DefaultValueFactory = _ => 8 };
        var finetuneEpochs = new Option<int>("--finetune-epochs") { Description = "The most fine-tuning epochs.", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Seeds the images, initialisation and shuffles.", DefaultValueFactory = _ => 1 };

        var command = new Command("quickstart",
            "Runs the whole method offline on generated images: pretrain, fine-tune with few labels, compare with " +
            "training from scratch, save, reload, predict, plot.");
        foreach (Option option in new Option[] { output, classes, imagesPerClass, labelsPerClass, pretrainEpochs, finetuneEpochs, seed })
            command.Options.Add(option);

        command.SetAction(parse => CommandRunner.Run(token => new QuickstartRun(
            parse.GetValue(output)!.FullName, parse.GetValue(classes), parse.GetValue(imagesPerClass),
            parse.GetValue(labelsPerClass), parse.GetValue(pretrainEpochs), parse.GetValue(finetuneEpochs),
            parse.GetValue(seed)).Execute(token),
            cancelledMessage: "Stopped after the current step."));
        return command;
    }

    /// <summary>One quickstart run; each step is a method, in the order <see cref="Execute"/> calls them.</summary>
    private sealed class QuickstartRun(
        string outDir, int classes, int imagesPerClass, int labelsPerClass, int pretrainEpochs, int finetuneEpochs, int seed)
    {
        private const int ImageSize = 32, GridSize = 8, ValidationPerClass = 10, TestPerClass = 30, BatchSize = 32;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private MLContext _ml = null!;

        public int Execute(CancellationToken token)
        {
            Validate();
            _ml = new MLContext(seed: seed);
            using var cancel = token.Register(_ml.CancelExecution);
            Directory.CreateDirectory(outDir);

            var (train, test) = GenerateImages();
            var preprocess = ImagePipeline.Preprocess(_ml, train, train.ImageColumnName, ImageSize, ColorSpace.Lab, GridSize).Fit(train);
            using SplitBrainPretrainTransformer pretrained = Pretrain(preprocess.Transform(train));

            var split = StratifiedSampler.Split(train, new StratifiedSplitOptions
            {
                TrainRowsPerClass = labelsPerClass, ValidationRowsPerClass = ValidationPerClass, Seed = seed,
            });
            var (fineTuned, fineTuneHistory) = FineTune(preprocess, split, pretrained, "fine-tuning the pretrained networks");
            var (scratch, _) = FineTune(preprocess, split, null, "training the same networks from scratch (baseline)");

            Step("Evaluating both on the test images");
            var fineTunedResult = Scoring.Evaluate(fineTuned, test, test.ClassNames!);
            var scratchResult = Scoring.Evaluate(scratch, test, test.ClassNames!);
            PrintTable(fineTunedResult, scratchResult, test.GetRowCount() ?? 0);

            string modelPath = SaveReloadAndPredict(fineTuned, train, test);
            WritePlots(fineTuneHistory);
            Step("Writing the colorization preview of the pretrained networks on test images");
            ColorizationPreviewer.Create(pretrained, preprocess.Transform(test)).SavePng(Path.Combine(outDir, "colorization.png"));
            PrintNextSteps(modelPath);
            return ExitCodes.Success;
        }

        private void Validate()
        {
            if (imagesPerClass < labelsPerClass + ValidationPerClass)
                throw new UserInputException($"--images-per-class {imagesPerClass}: expected at least --labels-per-class " +
                    $"({labelsPerClass}) + {ValidationPerClass} validation images.");
            if (labelsPerClass < 1)
                throw new UserInputException($"--labels-per-class {labelsPerClass}: expected at least 1.");
            if (pretrainEpochs < 1 || finetuneEpochs < 1)
                throw new UserInputException($"--pretrain-epochs {pretrainEpochs} and --finetune-epochs {finetuneEpochs}: expected at least 1.");
        }

        private (ImageDataView Train, ImageDataView Test) GenerateImages()
        {
            string trainFolder = Path.Combine(outDir, "images", "train"), testFolder = Path.Combine(outDir, "images", "test");
            Step($"Generating {classes} classes × {imagesPerClass} training and {TestPerClass} test images, " +
                $"{ImageSize}×{ImageSize}, in {Path.Combine(outDir, "images")}");
            SyntheticImageSet.Generate(trainFolder, classes, imagesPerClass, ImageSize, seed, overwrite: true);
            SyntheticImageSet.Generate(testFolder, classes, TestPerClass, ImageSize, seed + 1000, overwrite: true);
            return (ImageDataSources.LoadImageFolder(_ml, trainFolder), ImageDataSources.LoadImageFolder(_ml, testFolder));
        }

        private SplitBrainPretrainTransformer Pretrain(IDataView quantized)
        {
            Step($"Pretraining split-brain (Simple encoder, Lab, {GridSize}×{GridSize} label grid) on " +
                $"{classes * imagesPerClass} images without their labels, {pretrainEpochs} epochs");
            using var display = new TrainingProgressDisplay();
            var estimator = _ml.Transforms.SplitBrainPretrain(new SplitBrainPretrainEstimator.Options
            {
                Epochs = pretrainEpochs, BatchSize = BatchSize, LearningRate = 1e-3, Seed = seed, Progress = display,
            });
            SplitBrainPretrainTransformer pretrained = estimator.Fit(quantized);
            display.Dispose();
            var curve = estimator.History.Select(h => (h.Epoch, (IReadOnlyDictionary<string, double>)h.Values)).ToList();
            TrainingCurvePlot.Write(Path.Combine(outDir, "pretrain-curve.png"), "split-brain pretraining", curve);
            return pretrained;
        }

        private (ITransformer Model, IReadOnlyList<(int Epoch, Dictionary<string, double> Values)> History) FineTune(
            ITransformer preprocess, StratifiedSplit split, SplitBrainPretrainTransformer? pretrained, string what)
        {
            Step($"Fine-tuning: {what}, on {labelsPerClass} labels per class, early stopping on {ValidationPerClass} more");
            using var display = new TrainingProgressDisplay();
            var trainer = _ml.MulticlassClassification.Trainers.SplitBrainClassifier(new SplitBrainClassifierTrainer.Options
            {
                // Both fine-tune their encoders with a linear head on pooled features: on these images that beat the
                // reference's score-map input for both, and it keeps the comparison like for like (docs/cli.md).
                Pretrained = pretrained, FromScratch = pretrained is null, FeatureKind = SplitBrainFeatureKind.PooledHidden,
                Epochs = finetuneEpochs, BatchSize = BatchSize,
                LearningRate = 1e-3, Seed = seed, ValidationData = preprocess.Transform(split.Validation),
                TopK = Math.Min(5, classes - 1), Progress = display,
            });
            var classifier = trainer.Fit(preprocess.Transform(split.Train));
            display.Dispose();
            return (new TransformerChain<ITransformer>(preprocess, classifier), trainer.History);
        }

        private static void PrintTable(EvaluationResult fineTuned, EvaluationResult scratch, long count)
        {
            Console.WriteLine();
            Console.WriteLine($"Accuracy on {count} test images that no step trained on:");
            Console.WriteLine($"  {"method",-34} {"top-1",7} {"top-5",7}");
            Console.WriteLine($"  {"split-brain pretrain + fine-tune",-34} {fineTuned.Top1,7:P1} {fineTuned.Top5,7:P1}");
            Console.WriteLine($"  {"from scratch (same network, labels)",-34} {scratch.Top1,7:P1} {scratch.Top5,7:P1}");
            Console.WriteLine();
        }

        private string SaveReloadAndPredict(ITransformer model, ImageDataView train, ImageDataView test)
        {
            string modelPath = Path.Combine(outDir, "model.zip");
            Step($"Saving the fine-tuned pipeline to {modelPath}, reloading it in a new MLContext, predicting one test image");
            _ml.Model.SaveAtomically(model, train.Schema, modelPath);
            var fresh = new MLContext(seed: 0);
            ITransformer reloaded = fresh.Model.LoadChecked(modelPath, out DataViewSchema schema);
            string image = test.GetColumn<ReadOnlyMemory<char>>(ImageDataSourceOptions.Defaults.ImagePathColumnName).First().ToString();
            var top = PredictCommand.Predict(fresh, reloaded, schema, image).Take(3).ToList();
            Console.WriteLine($"  {Path.GetRelativePath(outDir, image)}: " + string.Join(", ", top.Select(p => $"{p.Label} {p.Score:P1}")));
            return modelPath;
        }

        private void WritePlots(IReadOnlyList<(int Epoch, Dictionary<string, double> Values)> history) =>
            TrainingCurvePlot.WriteFineTuning(Path.Combine(outDir, "finetune-curve.png"), history);

        private void PrintNextSteps(string modelPath)
        {
            Console.WriteLine();
            Console.WriteLine($"Done in {_clock.Elapsed.TotalSeconds:F0} s. Wrote to {outDir}:");
            Console.WriteLine($"  {Path.GetFileName(modelPath)} (an ML.NET model zip), colorization.png, pretrain-curve.png, finetune-curve.png, images/");
            Console.WriteLine();
            Console.WriteLine("Next, on real images (one subfolder per class; see README.md, \"Real data\"):");
            Console.WriteLine("  splitbrain download cifar10 --to data/        (or any image folder)");
            Console.WriteLine("  splitbrain pretrain --data FOLDER --epochs 3 --out pretrained/");
            Console.WriteLine("  splitbrain finetune --pretrained pretrained/ --data FOLDER --labels-per-class 100 --out model.zip");
            Console.WriteLine("  splitbrain evaluate --model model.zip --data TEST_FOLDER");
        }

        private void Step(string message) => Console.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {message}.");
    }
}

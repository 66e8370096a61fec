using System.CommandLine;
using System.Diagnostics;
using Microsoft.ML;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.Cli.Jobs;
using SplitBrain.Cli.Plots;
using SplitBrain.MLNet;

namespace SplitBrain.Cli.Commands;

/// <summary>`splitbrain pretrain`: self-supervised pretraining (split-brain, or the denoising-autoencoder baseline).</summary>
public static class PretrainCommand
{
    public static Command Create()
    {
        var data = new DataSourceOptions();
        var method = new Option<string>("--method") { Description = "split-brain (default) or dae (the denoising-autoencoder baseline).", DefaultValueFactory = _ => "split-brain" };
        var encoder = new Option<string>("--encoder") { Description = "simple, alexnet, resnet18, resnet18-no-final-relu or googlenet.", DefaultValueFactory = _ => "simple" };
        var size = new Option<int?>("--size") { Description = "Resize every image to this square size first (default: the images' own size)." };
        var space = new Option<string>("--space") { Description = "lab, lab-rescaled or rgb.", DefaultValueFactory = _ => "lab" };
        var grid = new Option<int?>("--grid") { Description = "Label grid cells per side (default 12 for 96-pixel images, else 8)." };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the data.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch-size") { Description = "Images per step.", DefaultValueFactory = _ => 64 };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-4 };
        var decay = new Option<double>("--lr-decay") { Description = "Learning-rate factor after every epoch, in (0, 1] (the reference used 0.1).", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "Seeds initialisation and shuffling.", DefaultValueFactory = _ => 0 };
        var holdout = new Option<int>("--holdout-per-class") { Description = "Leave out the last K images of each class (kept for evaluation).", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "TorchSharp CPU threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var resume = new Option<bool>("--resume") { Description = "Continue from the newest checkpoint in --out." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder (model.zip, weights.sbwt, checkpoints/, plots).", Required = true };

        var command = new Command("pretrain", "Self-supervised pretraining on unlabeled images; writes a folder that finetune --pretrained reads.");
        data.AddTo(command);
        foreach (Option option in new Option[] { method, encoder, size, space, grid, epochs, batch, lr, decay, seed, holdout, threads, device, resume, output })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            string outDir = parse.GetValue(output)!.FullName;
            return CommandRunner.Run(token =>
            {
                var ml = new MLContext(seed: parse.GetValue(seed));
                using var cancel = token.Register(ml.CancelExecution);
                var clock = Stopwatch.StartNew();
                ImageDataView images = data.Load(ml, parse, DataSourceOptions.Part.Unlabeled);
                if (parse.GetValue(holdout) > 0)
                    images = StratifiedSampler.ExcludeHeldOut(images, parse.GetValue(holdout));
                int side = ImagePipeline.ImageSide(images, images.ImageColumnName, parse.GetValue(size));
                int cells = parse.GetValue(grid) ?? ImagePipeline.DefaultGrid(side);
                bool dae = parse.GetValue(method) switch
                {
                    "split-brain" => false,
                    "dae" => true,
                    var other => throw new UserInputException($"--method '{other}': expected split-brain or dae."),
                };
                ColorSpace colorSpace = dae ? ColorSpace.Rgb : ImagePipeline.ParseSpace(parse.GetValue(space)!);
                EncoderKind encoderKind = ImagePipeline.ParseEncoder(parse.GetValue(encoder)!);
                Directory.CreateDirectory(outDir);
                string checkpoints = Path.Combine(outDir, PretrainedFolder.CheckpointFolder);

                var preprocess = ImagePipeline.Preprocess(ml, images, images.ImageColumnName, side, colorSpace, cells).Fit(images);
                IDataView quantized = preprocess.Transform(images);
                using var display = new TrainingProgressDisplay();
                Console.WriteLine($"Pretraining ({(dae ? "denoising autoencoder" : $"split-brain, {encoderKind}, {colorSpace}")}) on " +
                    $"{images.GetRowCount()} images from {images.Source}, {side}×{side}, grid {cells}×{cells}.");

                ITransformer featurizer;
                IReadOnlyList<(int Epoch, Dictionary<string, double> Values)> history;
                if (dae)
                {
                    var estimator = ml.Transforms.DenoisingAutoencoderPretrain(new DenoisingAutoencoderEstimator.Options
                    {
                        Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), LearningRate = parse.GetValue(lr),
                        LearningRateDecay = parse.GetValue(decay), Seed = parse.GetValue(seed), Threads = parse.GetValue(threads),
                        Device = ImagePipeline.ParseDevice(parse.GetValue(device)!), CheckpointFolder = checkpoints, Progress = display,
                    });
                    featurizer = estimator.Fit(quantized);
                    history = estimator.History;
                }
                else
                {
                    var estimator = ml.Transforms.SplitBrainPretrain(new SplitBrainPretrainEstimator.Options
                    {
                        Encoder = encoderKind, Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch),
                        LearningRate = parse.GetValue(lr), LearningRateDecay = parse.GetValue(decay), Seed = parse.GetValue(seed),
                        Threads = parse.GetValue(threads), Device = ImagePipeline.ParseDevice(parse.GetValue(device)!),
                        CheckpointFolder = checkpoints, ResumeFrom = parse.GetValue(resume) ? checkpoints : null, Progress = display,
                    });
                    var pretrained = estimator.Fit(quantized);
                    pretrained.SaveWeights(Path.Combine(outDir, PretrainedFolder.WeightsFile));
                    featurizer = pretrained;
                    history = estimator.History;
                }
                display.Dispose();

                var model = preprocess.Append(featurizer);
                ml.Model.SaveAtomically(model, images.Schema, Path.Combine(outDir, PretrainedFolder.ModelFile));
                var curve = history.Select(h => (h.Epoch, (IReadOnlyDictionary<string, double>)h.Values)).ToList();
                TrainingCurvePlot.Write(Path.Combine(outDir, PretrainedFolder.CurveFile), dae ? "denoising autoencoder" : "split-brain pretraining", curve);
                PretrainedFolder.WriteRecord(outDir, new PretrainRecord(dae ? "dae" : "split-brain", encoderKind.ToString(), side, cells,
                    ImagePipeline.SpaceName(colorSpace), parse.GetValue(epochs), parse.GetValue(seed), images.GetRowCount() ?? 0,
                    clock.Elapsed.TotalSeconds, history.Select(h => h.Values).ToList()));
                Console.WriteLine($"Wrote {outDir}: {PretrainedFolder.ModelFile}, {PretrainedFolder.WeightsFile}, {PretrainedFolder.RecordFile}, {PretrainedFolder.CurveFile}, " +
                    $"{PretrainedFolder.CheckpointFolder}/ ({clock.Elapsed.TotalSeconds:F0} s).");
                return ExitCodes.Success;
            }, cancelledMessage: $"Stopped after the current step; a checkpoint is in {Path.Combine(outDir, PretrainedFolder.CheckpointFolder)}. " +
                "Rerun the same command with --resume to continue.");
        });
        return command;
    }
}

using System.CommandLine;
using SplitBrain.Cli.Commands;
using SplitBrain.Cli.Infrastructure;

namespace SplitBrain.Cli;

/// <summary>Entry point of the <c>splitbrain</c> command.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Split-Brain Autoencoder pretraining and fine-tuning for ML.NET.");
        root.Subcommands.Add(LabCommand.Create());
        root.Subcommands.Add(PretrainCommand.Create());
        root.Subcommands.Add(FinetuneCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(DownloadCommand.Create());
        root.Subcommands.Add(QuickstartCommand.Create());
        root.Subcommands.Add(ColorizeCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return CommandRunner.Invoke(root, args);
    }
}

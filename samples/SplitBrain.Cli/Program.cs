using System.CommandLine;

namespace SplitBrain.Cli;

/// <summary>Entry point of the <c>splitbrain</c> command.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Split-Brain Autoencoder pretraining and fine-tuning for ML.NET.");
        root.Subcommands.Add(Commands.DownloadCommand.Create());
        return root.Parse(args).Invoke();
    }
}

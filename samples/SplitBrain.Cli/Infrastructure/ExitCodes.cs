namespace SplitBrain.Cli.Infrastructure;

/// <summary>
/// The process exit codes of every <c>splitbrain</c> command. Scripts may rely on them; docs/cli.md lists them under
/// "Exit codes".
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The run failed for a reason other than the input: a network failure, a full disk, a bug.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or bad input (unknown option, missing file, unreadable image); the message names it.</summary>
    public const int BadInput = 2;

    /// <summary>Stopped by Ctrl+C after writing a checkpoint; rerun the same command with <c>--resume</c>.</summary>
    public const int Cancelled = 3;
}

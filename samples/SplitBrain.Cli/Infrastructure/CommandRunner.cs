using System.CommandLine;

namespace SplitBrain.Cli.Infrastructure;

/// <summary>
/// Runs the body of a command with Ctrl+C handling and the exit-code policy of <see cref="ExitCodes"/>, so that every
/// command reports errors the same way.
/// </summary>
/// <remarks>
/// The first Ctrl+C cancels the token handed to the body (the process keeps running so that the body can write a
/// checkpoint); a second Ctrl+C ends the process at once. Exceptions become exit codes:
/// <see cref="UserInputException"/>, <see cref="FileNotFoundException"/>, <see cref="DirectoryNotFoundException"/>,
/// <see cref="InvalidDataException"/>, <see cref="UnauthorizedAccessException"/> and <see cref="ArgumentException"/>
/// print their message in red on stderr and give <see cref="ExitCodes.BadInput"/>; an
/// <see cref="OperationCanceledException"/> gives <see cref="ExitCodes.Cancelled"/>; anything else prints its message
/// and gives <see cref="ExitCodes.Failure"/>. The stack trace is printed only when the environment variable
/// <c>SPLITBRAIN_DEBUG</c> is <c>1</c>.
/// </remarks>
public static class CommandRunner
{
    /// <summary>The environment variable that turns on stack traces in error output (value <c>1</c>).</summary>
    public const string DebugVariable = "SPLITBRAIN_DEBUG";

    /// <summary>
    /// Runs <paramref name="body"/> and returns its exit code, or the code for the exception it threw.
    /// </summary>
    /// <param name="body">The command; it should poll the token between steps and throw when it is cancelled.</param>
    /// <param name="cancelledMessage">
    /// Printed on stderr when the run ends cancelled, for example where the checkpoint went and the command to resume;
    /// null prints a generic line.
    /// </param>
    public static int Run(Func<CancellationToken, int> body, string? cancelledMessage = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var cancellation = new CancellationTokenSource();
        int presses = 0;
        void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            if (Interlocked.Increment(ref presses) == 1)
            {
                e.Cancel = true;
                WriteColoured(Console.Error, ConsoleColours.Yellow, UseColour(Console.IsErrorRedirected),
                    "Stopping after the current step (press Ctrl+C again to quit at once)...");
                cancellation.Cancel();
            }
            else
            {
                e.Cancel = false;
            }
        }

        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            return Run(body, cancellation.Token, Console.Error, UseColour(Console.IsErrorRedirected),
                Environment.GetEnvironmentVariable(DebugVariable) == "1", cancelledMessage);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }
    }

    /// <summary>
    /// Parses and invokes <paramref name="root"/>, turning a parse error (unknown command or option, missing or
    /// malformed value) into <see cref="ExitCodes.BadInput"/>; System.CommandLine alone would return 1.
    /// </summary>
    public static int Invoke(RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        ParseResult parseResult = root.Parse(args);
        int exitCode = parseResult.Invoke();
        return parseResult.Errors.Count > 0 ? ExitCodes.BadInput : exitCode;
    }

    /// <summary>The testable core of <see cref="Run(Func{CancellationToken, int}, string?)"/>.</summary>
    internal static int Run(
        Func<CancellationToken, int> body,
        CancellationToken cancellationToken,
        TextWriter error,
        bool colour,
        bool debug,
        string? cancelledMessage = null)
    {
        try
        {
            return body(cancellationToken);
        }
        catch (Exception exception)
        {
            Exception cause = Unwrap(exception);
            int exitCode = ExitCodeFor(cause);
            string message = exitCode == ExitCodes.Cancelled
                ? cancelledMessage ?? "Cancelled."
                : $"error: {cause.Message}";
            WriteColoured(error, exitCode == ExitCodes.Cancelled ? ConsoleColours.Yellow : ConsoleColours.Red,
                colour, message);
            if (debug)
            {
                error.WriteLine(cause.ToString());
            }

            return exitCode;
        }
    }

    /// <summary>The exit code for an exception that escaped a command body.</summary>
    internal static int ExitCodeFor(Exception exception) => Unwrap(exception) switch
    {
        OperationCanceledException => ExitCodes.Cancelled,
        UserInputException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException
            or UnauthorizedAccessException or ArgumentException => ExitCodes.BadInput,
        _ => ExitCodes.Failure,
    };

    private static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        return exception;
    }

    private static bool UseColour(bool redirected) =>
        !redirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    private static void WriteColoured(TextWriter writer, string colourCode, bool colour, string message)
    {
        writer.WriteLine(colour ? $"{colourCode}{message}{ConsoleColours.Reset}" : message);
        writer.Flush();
    }

    private static class ConsoleColours
    {
        public const string Red = "\u001b[31m";
        public const string Yellow = "\u001b[33m";
        public const string Reset = "\u001b[0m";
    }
}

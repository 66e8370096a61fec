using System.CommandLine;
using SplitBrain.Cli.Infrastructure;
using Xunit;

namespace SplitBrain.Cli.Tests.Infrastructure;

public sealed class CommandRunnerTests
{
    [Fact]
    public void ReturnsTheBodysExitCode()
    {
        var error = new StringWriter();
        int code = CommandRunner.Run(_ => 0, CancellationToken.None, error, colour: false, debug: false);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("", error.ToString());
    }

    public static TheoryData<Exception> BadInputErrors => new()
    {
        new UserInputException("--epochs must be at least 1; got 0."),
        new FileNotFoundException("Could not find file '/data/missing.zip'."),
        new DirectoryNotFoundException("Could not find a part of the path '/data/train'."),
        new InvalidDataException("'/data/x.png' is not an image."),
        new ArgumentOutOfRangeException("batchSize", 0, "The batch size must be at least 1."),
    };

    [Theory]
    [MemberData(nameof(BadInputErrors))]
    public void BadInputPrintsTheMessageAndReturnsTwo(Exception exception)
    {
        var error = new StringWriter();
        int code = CommandRunner.Run(_ => throw exception, CancellationToken.None, error, colour: false, debug: false);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"error: {exception.Message}{Environment.NewLine}", error.ToString());
    }

    [Fact]
    public void OtherErrorsReturnOneWithoutAStackTraceUnlessDebugging()
    {
        var quiet = new StringWriter();
        var verbose = new StringWriter();
        Func<CancellationToken, int> body = _ => throw new IOException("No space left on device.");

        Assert.Equal(ExitCodes.Failure, CommandRunner.Run(body, CancellationToken.None, quiet, false, debug: false));
        Assert.Equal(ExitCodes.Failure, CommandRunner.Run(body, CancellationToken.None, verbose, false, debug: true));

        Assert.Equal($"error: No space left on device.{Environment.NewLine}", quiet.ToString());
        Assert.Contains("System.IO.IOException", verbose.ToString());
        Assert.Contains(nameof(OtherErrorsReturnOneWithoutAStackTraceUnlessDebugging), verbose.ToString());
    }

    [Fact]
    public void CancellationReturnsThreeWithTheGivenHint()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var error = new StringWriter();

        int code = CommandRunner.Run(token =>
        {
            token.ThrowIfCancellationRequested();
            return 0;
        }, cancellation.Token, error, colour: false, debug: false, cancelledMessage: "Checkpoint in run/; rerun with --resume.");

        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Equal($"Checkpoint in run/; rerun with --resume.{Environment.NewLine}", error.ToString());
    }

    [Fact]
    public void AnAggregateOfOneErrorIsJudgedByThatError()
    {
        var error = new StringWriter();
        int code = CommandRunner.Run(_ => throw new AggregateException(new FileNotFoundException("gone.png")),
            CancellationToken.None, error, colour: false, debug: false);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("gone.png", error.ToString());
    }

    [Fact]
    public void ColourWrapsTheMessageInRed()
    {
        var error = new StringWriter();
        CommandRunner.Run(_ => throw new UserInputException("bad"), CancellationToken.None, error, colour: true, debug: false);
        Assert.Equal($"\u001b[31merror: bad\u001b[0m{Environment.NewLine}", error.ToString());
    }

    [Fact]
    public void ParseErrorsGiveExitCodeTwo()
    {
        var root = new RootCommand("test");
        var child = new Command("child");
        child.SetAction(_ => 0);
        root.Subcommands.Add(child);
        var originalError = Console.Error;
        var originalOut = Console.Out;
        try
        {
            Console.SetError(new StringWriter());
            Console.SetOut(new StringWriter());
            Assert.Equal(ExitCodes.BadInput, CommandRunner.Invoke(root, ["child", "--no-such-option"]));
            Assert.Equal(ExitCodes.Success, CommandRunner.Invoke(root, ["child"]));
        }
        finally
        {
            Console.SetError(originalError);
            Console.SetOut(originalOut);
        }
    }
}

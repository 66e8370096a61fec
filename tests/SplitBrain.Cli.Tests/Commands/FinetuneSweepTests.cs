using SplitBrain.Cli.Commands;
using SplitBrain.Cli.Infrastructure;
using Xunit;

namespace SplitBrain.Cli.Tests.Commands;

public class FinetuneSweepTests
{
    [Fact]
    public void SweepListKeepsTheGivenOrder()
    {
        Assert.Equal(new[] { 10, 100, 400 }, FinetuneCommand.ParseSweep("10, 100,400", heldOutPerClass: 1000));
    }

    [Theory]
    [InlineData("10,x", "'x'")]
    [InlineData("10,0", "'0'")]
    [InlineData(" , ", "expected comma-separated")]
    public void BadSweepValuesAreNamed(string list, string expected)
    {
        var error = Assert.Throws<UserInputException>(() => FinetuneCommand.ParseSweep(list, heldOutPerClass: 10));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void SweepWithoutHeldOutImagesIsRefused()
    {
        var error = Assert.Throws<UserInputException>(() => FinetuneCommand.ParseSweep("10,100", heldOutPerClass: 0));
        Assert.Contains("--holdout-per-class", error.Message);
    }
}

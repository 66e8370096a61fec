using SplitBrain.MLNet.Training;
using Xunit;

namespace SplitBrain.MLNet.Tests.Training;

/// <summary>Epoch shuffles must not depend on the process: a run resumed in a new process draws the same order.</summary>
public class EpochShuffleSeedTests
{
    // Known answers from an independent SplitMix64 implementation (Python, 64-bit wrap-around arithmetic) of
    // mix((uint)seed << 32 | epoch), masked to 31 bits.
    [Theory]
    [InlineData(0, 0, 2065550767)]
    [InlineData(1, 0, 595722552)]
    [InlineData(1, 1, 2103022959)]
    [InlineData(-5, 3, 1037961577)]
    public void SeedIsAFixedFunctionOfRunSeedAndEpoch(int seed, int epoch, int expected)
    {
        Assert.Equal(expected, BatchReader.EpochShuffleSeed(seed, epoch));
    }
}

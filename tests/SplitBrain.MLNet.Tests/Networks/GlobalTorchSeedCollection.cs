using Xunit;

namespace SplitBrain.MLNet.Tests.Networks;

/// <summary>
/// Tests that compare results drawn from TorchSharp's process-wide random generator after
/// <c>torch.manual_seed</c>. They run alone, never beside a parallel test drawing from the same generator.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalTorchSeedCollection
{
    public const string Name = "Networks: global torch seed";
}

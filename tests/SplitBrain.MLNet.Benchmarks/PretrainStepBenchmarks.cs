using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using SplitBrain.Cli.Bench;

namespace SplitBrain.MLNet.Benchmarks;

/// <summary>
/// The bare split-brain training step of the Simple pair (forward both nets, both losses, backward, Adam) on tensors
/// made in advance, through the same <see cref="TrainingStepBench"/> that <c>splitbrain bench</c> uses. A step takes
/// about half a second on two cores, so this uses the Monitoring strategy (one invocation per iteration, no pilot
/// stage). Images per second = batch / mean. <c>splitbrain bench</c> also measures the end-to-end step and the
/// matmul peak; docs/performance.md takes its figures from there.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
[MinColumn]
[MaxColumn]
public class PretrainStepBenchmarks
{
    private TrainingStepBench _bench = null!;

    [Params(64)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup() => _bench = new TrainingStepBench(EncoderKind.Simple, BatchSize, imageSize: 96, gridSize: 12);

    [GlobalCleanup]
    public void Cleanup() => _bench.Dispose();

    [Benchmark]
    public double SimpleStep() => _bench.RunStep()[0];
}

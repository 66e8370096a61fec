using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SplitBrain.Cli.Bench;

namespace SplitBrain.MLNet.Benchmarks;

/// <summary>
/// The bare split-brain training step of the Simple pair (forward both nets, both losses, backward, Adam) on tensors
/// made in advance, through the same <see cref="TrainingStepBench"/> that <c>splitbrain bench</c> uses. A step takes
/// about half a second on two cores, so this uses the Monitoring strategy (one invocation per iteration, no pilot
/// stage). Images per second = batch / mean. It runs in process: BenchmarkDotNet's generated project does not carry
/// the libtorch native package. <c>splitbrain bench</c> also measures the end-to-end step and the matmul peak;
/// docs/performance.md takes its figures from there.
/// </summary>
[Config(typeof(MonitoringInProcess))]
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

    /// <summary>2 warm-up and 10 measured iterations of one step each, in the benchmark's own process.</summary>
    private sealed class MonitoringInProcess : ManualConfig
    {
        public MonitoringInProcess() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1)
            .WithWarmupCount(2).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance));
    }
}

using SplitBrain.MLNet.Networks;
using SplitBrain.MLNet.Tests.TestData;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Tests.Networks;

public sealed class ReferenceCheckpointRoundTripTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"sb-networks-{Guid.NewGuid():N}");

    public ReferenceCheckpointRoundTripTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(EncoderKind.Simple)]
    [InlineData(EncoderKind.ResNet18)]
    public void ExportedWeightsImportBackExactly(EncoderKind kind)
    {
        using var scope = NewDisposeScope();
        manual_seed(21);
        using var original = CreateTrainedStatistics(kind);
        manual_seed(22);
        using var restored = new SplitBrainNetwork(kind, inputSize: 32, gridSize: 8);
        string path = Path.Combine(_folder, "weights.pth");

        ReferenceCheckpoint.Export(original, path);
        ReferenceCheckpoint.Import(restored, path);

        var restoredState = restored.state_dict();
        foreach (var (key, tensor) in original.state_dict())
            Assert.True(TensorAssert.SameValues(tensor, restoredState[key]), $"{key} changed in the round trip");
        var counters = restoredState.Where(entry => entry.Key.EndsWith(".num_batches_tracked")).ToList();
        Assert.NotEmpty(counters);
        Assert.All(counters, entry => Assert.Equal(1L, entry.Value.item<long>()));
    }

    [Fact]
    public void ExportUsesTheReferenceKeysAndScalarBatchCounters()
    {
        using var scope = NewDisposeScope();
        using var network = CreateTrainedStatistics(EncoderKind.Simple);
        string path = Path.Combine(_folder, "weights.pth");

        ReferenceCheckpoint.Export(network, path);
        Dictionary<string, Tensor> state = ReferenceCheckpoint.ReadStateDict(path);

        Assert.Equal(60, state.Count);
        Assert.All(state.Keys, key => Assert.True(key.StartsWith("ch1_net.encoder.") || key.StartsWith("ch2_net.encoder."), key));
        Assert.Equal(new long[] { 12, 1, 4, 4 }, state["ch1_net.encoder.0.weight"].shape);
        Assert.Equal(new long[] { 100, 96, 5, 5 }, state["ch2_net.encoder.12.weight"].shape);
        Assert.Equal(ScalarType.Int64, state["ch2_net.encoder.10.num_batches_tracked"].dtype);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp-*"));
    }

    [Fact]
    public void ReferenceFixtureSurvivesImportAndExportUnchanged()
    {
        string? checkpoint = SharedData.Require("testdata/splitbrain_simple_state_dict.pth");
        if (checkpoint is null)
            return;
        using var scope = NewDisposeScope();
        using var network = new SplitBrainNetwork(EncoderKind.Simple);
        string path = Path.Combine(_folder, "again.pth");

        ReferenceCheckpoint.Import(network, checkpoint);
        ReferenceCheckpoint.Export(network, path);

        Dictionary<string, Tensor> reference = ReferenceCheckpoint.ReadStateDict(checkpoint);
        Dictionary<string, Tensor> exported = ReferenceCheckpoint.ReadStateDict(path);
        Assert.Equal(reference.Keys.OrderBy(k => k), exported.Keys.OrderBy(k => k));
        foreach (var (key, tensor) in reference)
            Assert.True(tensor.reshape(exported[key].shape).eq(exported[key]).all().item<bool>(), $"{key} changed");
        Assert.Equal(5L, reference["ch1_net.encoder.1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void MissingKeyIsNamed()
    {
        using var scope = NewDisposeScope();
        using var network = new SplitBrainNetwork(EncoderKind.Simple, inputSize: 32, gridSize: 8);
        Dictionary<string, Tensor> state = ReferenceState(network);
        state.Remove("ch2_net.encoder.7.running_var");

        var error = Assert.Throws<InvalidDataException>(() => ReferenceCheckpoint.Import(network, state, "test dict"));

        Assert.Contains("missing key 'ch2_net.encoder.7.running_var'", error.Message);
    }

    [Theory]
    [InlineData("ch1_net.encoder.99.weight")]
    [InlineData("fc.weight")]
    public void UnexpectedKeyIsNamed(string extraKey)
    {
        using var scope = NewDisposeScope();
        using var network = new SplitBrainNetwork(EncoderKind.Simple, inputSize: 32, gridSize: 8);
        Dictionary<string, Tensor> state = ReferenceState(network);
        state.Add(extraKey, zeros(3));

        var error = Assert.Throws<InvalidDataException>(() => ReferenceCheckpoint.Import(network, state, "test dict"));

        Assert.Contains($"unexpected key '{extraKey}'", error.Message);
    }

    [Fact]
    public void WrongShapeNamesKeyAndBothShapesAndLeavesTheWeightsAlone()
    {
        using var scope = NewDisposeScope();
        using var network = new SplitBrainNetwork(EncoderKind.Simple, inputSize: 32, gridSize: 8);
        Tensor before = network.state_dict()["single_net.encoder.0.weight"].clone();
        Dictionary<string, Tensor> state = ReferenceState(network);
        state["ch1_net.encoder.0.weight"] = ones(8, 1, 4, 4);
        state["ch1_net.encoder.0.bias"] = ones(12);

        var error = Assert.Throws<InvalidDataException>(() => ReferenceCheckpoint.Import(network, state, "test dict"));

        Assert.Contains("'ch1_net.encoder.0.weight'", error.Message);
        Assert.Contains("[8, 1, 4, 4]", error.Message);
        Assert.Contains("[12, 1, 4, 4]", error.Message);
        Assert.True(TensorAssert.SameValues(before, network.state_dict()["single_net.encoder.0.weight"]));
    }

    [Fact]
    public void LegacyOrForeignFilesFailWithTheirPath()
    {
        string path = Path.Combine(_folder, "not-a-checkpoint.pth");
        File.WriteAllText(path, "plain text");

        var error = Assert.Throws<InvalidDataException>(() => ReferenceCheckpoint.ReadStateDict(path));

        Assert.Contains(path, error.Message);
    }

    /// <summary>A network whose BatchNorm statistics moved once, so every buffer has a non-initial value.</summary>
    private static SplitBrainNetwork CreateTrainedStatistics(EncoderKind kind)
    {
        var network = new SplitBrainNetwork(kind, inputSize: 32, gridSize: 8);
        network.train();
        using (no_grad())
        {
            var (first, second) = network.call(rand(2, 1, 32, 32), rand(2, 2, 32, 32));
            first.Dispose();
            second.Dispose();
        }
        return network;
    }

    private static Dictionary<string, Tensor> ReferenceState(SplitBrainNetwork network) =>
        network.state_dict().ToDictionary(entry => ReferenceCheckpoint.ToReferenceKey(entry.Key), entry => entry.Value.clone());
}

using System.Text.Json;
using SplitBrain.MLNet.Networks;
using SplitBrain.MLNet.Tests.TestData;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Tests.Networks;

public class ReferenceCheckpointTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void ImportedReferenceSimpleModelReproducesPyTorchOutputs()
    {
        string? checkpoint = SharedData.Require("testdata/splitbrain_simple_state_dict.pth");
        string? expectedPath = SharedData.Require("testdata/splitbrain_simple_expected.json");
        if (checkpoint is null || expectedPath is null)
            return;
        using var expected = JsonDocument.Parse(File.ReadAllText(expectedPath));
        JsonElement outputs = expected.RootElement.GetProperty("outputs");

        using var scope = NewDisposeScope();
        using var network = new SplitBrainNetwork(EncoderKind.Simple);
        ReferenceCheckpoint.Import(network, checkpoint);
        network.eval();
        var (lum, chroma) = ProbeInputs();
        using var noGrad = no_grad();
        var (singleToPair, pairToSingle) = network.call(lum, chroma);

        AssertMatches(outputs.GetProperty("ch1_net(lum)"), singleToPair, "single net (ch1_net)");
        AssertMatches(outputs.GetProperty("ch2_net(chroma)"), pairToSingle, "pair net (ch2_net)");
    }

    [Fact]
    public void ReferenceKeyListMapsOneToOneOntoTheSimpleNetwork()
    {
        string? expectedPath = SharedData.Require("testdata/splitbrain_simple_expected.json");
        if (expectedPath is null)
            return;
        using var expected = JsonDocument.Parse(File.ReadAllText(expectedPath));
        var referenceShapes = expected.RootElement.GetProperty("keys").EnumerateObject()
            .ToDictionary(key => key.Name, key => key.Value.EnumerateArray().Select(d => d.GetInt64()).ToArray());

        using var network = new SplitBrainNetwork(EncoderKind.Simple);
        var ours = network.state_dict();

        Assert.Equal(referenceShapes.Count, ours.Count);
        foreach (var (referenceKey, shape) in referenceShapes)
        {
            string key = ReferenceCheckpoint.FromReferenceKey(referenceKey, "test");
            Assert.True(ours.ContainsKey(key), $"no '{key}' for '{referenceKey}'");
            Assert.Equal(shape, ours[key].shape);
        }
    }

    private static void AssertMatches(JsonElement summary, Tensor actual, string what)
    {
        using var scope = NewDisposeScope();
        Tensor scores = actual.to(float64);
        Assert.Equal(summary.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), scores.shape);
        Assert.Equal(summary.GetProperty("sum").GetDouble(), scores.sum().item<double>(), Tolerance);
        Assert.Equal(summary.GetProperty("sum_abs").GetDouble(), scores.abs().sum().item<double>(), Tolerance);

        double[] channelSums = scores.sum(new long[] { 0, 2, 3 }).data<double>().ToArray();
        double[] expectedChannelSums = summary.GetProperty("channel_sums").EnumerateArray().Select(d => d.GetDouble()).ToArray();
        Assert.Equal(expectedChannelSums.Length, channelSums.Length);
        for (int channel = 0; channel < channelSums.Length; channel++)
            Assert.True(Math.Abs(expectedChannelSums[channel] - channelSums[channel]) < Tolerance,
                $"{what}: channel {channel} sums to {channelSums[channel]}, expected {expectedChannelSums[channel]}");

        foreach (JsonElement probe in summary.GetProperty("values_at").EnumerateArray())
        {
            long[] index = probe.GetProperty("index").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            double value = scores[index[0], index[1], index[2], index[3]].item<double>();
            Assert.True(Math.Abs(probe.GetProperty("value").GetDouble() - value) < Tolerance,
                $"{what}: value at [{string.Join(", ", index)}] is {value}, expected {probe.GetProperty("value").GetDouble()}");
        }

        // The expected argmax class must be a maximum of ours too (within the tolerance, so exact ties may differ).
        Tensor maxima = scores.max(1).values;
        int image = 0;
        foreach (JsonElement imageCells in summary.GetProperty("argmax_over_channels").EnumerateArray())
        {
            int row = 0;
            foreach (JsonElement rowCells in imageCells.EnumerateArray())
            {
                int column = 0;
                foreach (JsonElement cell in rowCells.EnumerateArray())
                {
                    double atExpected = scores[image, cell.GetInt64(), row, column].item<double>();
                    double best = maxima[image, row, column].item<double>();
                    Assert.True(best - atExpected < Tolerance,
                        $"{what}: cell ({image}, {row}, {column}) expected argmax {cell.GetInt64()} scores {atExpected}, max {best}");
                    column++;
                }
                row++;
            }
            image++;
        }
    }

    /// <summary>The README's formulas, computed in float64 then cast to float32.</summary>
    private static (Tensor Lum, Tensor Chroma) ProbeInputs()
    {
        var lum = new double[2 * 96 * 96];
        var chroma = new double[2 * 2 * 96 * 96];
        for (int i = 0; i < 96; i++)
        {
            for (int j = 0; j < 96; j++)
            {
                int pixel = i * 96 + j;
                lum[pixel] = ((i * 96 + j) % 97) / 96.0;
                lum[96 * 96 + pixel] = (i + j) / 190.0;
                chroma[pixel] = (i / 95.0) * 0.8 + 0.1;
                chroma[96 * 96 + pixel] = (j / 95.0) * 0.6 + 0.2;
                chroma[2 * 96 * 96 + pixel] = ((i * 7 + j * 3) % 50) / 49.0;
                chroma[3 * 96 * 96 + pixel] = ((i * 5 + j * 11) % 64) / 63.0;
            }
        }
        return (tensor(lum, new long[] { 2, 1, 96, 96 }).to(float32), tensor(chroma, new long[] { 2, 2, 96, 96 }).to(float32));
    }
}

using System.Collections.Specialized;
using SplitBrain.MLNet.Persistence;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Networks;

/// <summary>
/// Reads and writes a <see cref="SplitBrainNetwork"/>'s weights as a PyTorch <c>state_dict</c> in the reference
/// project's naming, so checkpoints move both ways between this library and PyTorch.
/// </summary>
/// <remarks>
/// <para>File format: PyTorch's zip serialisation of a <c>state_dict</c> (<c>torch.save(model.state_dict(), f)</c>;
/// <c>torch.load(f)</c> reads what <see cref="Export"/> writes). It is read with TorchSharp.PyBridge's unpickler,
/// which only rebuilds tensors and dictionaries and runs no pickled code. The legacy (non-zip) format is not
/// supported.</para>
/// <para>Key mapping: the reference's <c>ch1_net.</c> (sees L, predicts the joint ab classes) is our
/// <c>single_net.</c>; its <c>ch2_net.</c> (sees ab, predicts the L classes) is our <c>pair_net.</c>; the rest of
/// each key is unchanged (Simple: <c>encoder.N.weight</c>, <c>.bias</c>, <c>.running_mean</c>,
/// <c>.running_var</c>, <c>.num_batches_tracked</c>). Only the Simple encoder's names are known to match the
/// reference; other encoders' keys are ours, mapped the same way.</para>
/// <para>Checks on import: every key of the network must be present and every key of the file must be known (the
/// first offender is named), and every shape must match (key, expected and found shape are named), before any
/// weight is changed. Floating-point tensors are converted to float32. <c>num_batches_tracked</c> is an int64
/// scalar: it is copied as such, and a one-element tensor is accepted for it.</para>
/// </remarks>
internal static class ReferenceCheckpoint
{
    public const string ReferenceSinglePrefix = "ch1_net.";
    public const string ReferencePairPrefix = "ch2_net.";
    public const string SinglePrefix = "single_net.";
    public const string PairPrefix = "pair_net.";
    private const string BatchCounterSuffix = "num_batches_tracked";

    /// <summary>Our key for a reference key; throws for a key outside <c>ch1_net.</c> and <c>ch2_net.</c>.</summary>
    public static string FromReferenceKey(string referenceKey, string description)
    {
        if (referenceKey.StartsWith(ReferenceSinglePrefix, StringComparison.Ordinal))
            return SinglePrefix + referenceKey[ReferenceSinglePrefix.Length..];
        if (referenceKey.StartsWith(ReferencePairPrefix, StringComparison.Ordinal))
            return PairPrefix + referenceKey[ReferencePairPrefix.Length..];
        throw new InvalidDataException(
            $"{description}: unexpected key '{referenceKey}'; expected keys starting with '{ReferenceSinglePrefix}' " +
            $"or '{ReferencePairPrefix}'.");
    }

    /// <summary>The reference key for one of our keys.</summary>
    public static string ToReferenceKey(string key)
    {
        if (key.StartsWith(SinglePrefix, StringComparison.Ordinal))
            return ReferenceSinglePrefix + key[SinglePrefix.Length..];
        if (key.StartsWith(PairPrefix, StringComparison.Ordinal))
            return ReferencePairPrefix + key[PairPrefix.Length..];
        throw new ArgumentException($"Key '{key}' does not belong to a split-brain network.", nameof(key));
    }

    /// <summary>Reads a PyTorch <c>state_dict</c> file: key → CPU tensor. The caller disposes them.</summary>
    public static Dictionary<string, Tensor> ReadStateDict(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"PyTorch checkpoint '{path}' does not exist.", path);
        System.Collections.Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: false, skipTensorRead: false);
        }
        catch (Exception ex) when (ex is not IOException and not UnauthorizedAccessException)
        {
            throw new InvalidDataException(
                $"'{path}' is not a PyTorch state_dict in the zip format (torch.save of model.state_dict()): " +
                ex.Message, ex);
        }
        var state = new Dictionary<string, Tensor>();
        foreach (System.Collections.DictionaryEntry entry in table)
        {
            if (entry.Key is not string key || entry.Value is not Tensor tensor)
                throw new InvalidDataException($"'{path}': entry '{entry.Key}' is not a named tensor.");
            state.Add(key, tensor);
        }
        return state;
    }

    /// <summary>Loads a reference checkpoint file into <paramref name="network"/>.</summary>
    public static void Import(SplitBrainNetwork network, string path)
    {
        Dictionary<string, Tensor> state = ReadStateDict(path);
        try
        {
            Import(network, state, $"PyTorch checkpoint '{path}'");
        }
        finally
        {
            foreach (Tensor tensor in state.Values)
                tensor.Dispose();
        }
    }

    /// <summary>Loads reference-named tensors into <paramref name="network"/> (on any device).</summary>
    /// <param name="network">Receives the weights; unchanged when a check fails.</param>
    /// <param name="referenceState">Reference key → tensor; not disposed here.</param>
    /// <param name="description">Names the source in error messages.</param>
    public static void Import(SplitBrainNetwork network, IReadOnlyDictionary<string, Tensor> referenceState,
        string description)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(referenceState);
        Dictionary<string, Tensor> targets = network.state_dict();
        var sources = new Dictionary<string, Tensor>();
        foreach (var (referenceKey, tensor) in referenceState)
        {
            string key = FromReferenceKey(referenceKey, description);
            if (!targets.TryGetValue(key, out Tensor? target))
            {
                throw new InvalidDataException(
                    $"{description}: unexpected key '{referenceKey}' (our '{key}'); the {network.Kind} network " +
                    "has no such weight.");
            }
            CheckShape(referenceKey, key, target, tensor, description);
            sources.Add(key, tensor);
        }
        foreach (string key in targets.Keys)
        {
            if (!sources.ContainsKey(key))
                throw new InvalidDataException($"{description}: missing key '{ToReferenceKey(key)}' (our '{key}').");
        }

        using var noGrad = no_grad();
        foreach (var (key, source) in sources)
        {
            Tensor target = targets[key];
            using Tensor converted = source.reshape(target.shape).to(target.dtype, target.device);
            target.copy_(converted);
        }
    }

    /// <summary>Writes <paramref name="network"/>'s weights as a reference-named PyTorch <c>state_dict</c>
    /// (atomically: a temporary file, then a rename).</summary>
    public static void Export(SplitBrainNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var state = new OrderedDictionary();
        var copies = new List<Tensor>();
        try
        {
            foreach (var (key, tensor) in network.state_dict())
            {
                Tensor copy = tensor.detach().cpu().contiguous().clone();
                copies.Add(copy);
                state.Add(ToReferenceKey(key), copy);
            }
            AtomicFile.Write(path, stream => PyTorchPickler.PickleStateDict(stream, state, leaveOpen: true));
        }
        finally
        {
            foreach (Tensor copy in copies)
                copy.Dispose();
        }
    }

    private static void CheckShape(string referenceKey, string key, Tensor target, Tensor source, string description)
    {
        bool counter = key.EndsWith(BatchCounterSuffix, StringComparison.Ordinal);
        bool matches = counter
            ? source.numel() == 1 && target.numel() == 1
            : source.shape.SequenceEqual(target.shape);
        if (!matches)
        {
            throw new InvalidDataException(
                $"{description}: key '{referenceKey}' (our '{key}') has shape [{string.Join(", ", source.shape)}]; " +
                $"expected [{string.Join(", ", target.shape)}].");
        }
        bool floatingSource = source.is_floating_point();
        bool floatingTarget = target.dtype is ScalarType.Float32 or ScalarType.Float64;
        if (floatingSource != floatingTarget)
        {
            throw new InvalidDataException(
                $"{description}: key '{referenceKey}' holds {source.dtype}; expected {target.dtype}.");
        }
    }
}

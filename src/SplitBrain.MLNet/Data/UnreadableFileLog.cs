using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace SplitBrain.MLNet.Data;

/// <summary>
/// The records of one source found unreadable while <see cref="ImageDataSourceOptions.SkipUnreadableFiles"/> is
/// on, shared by the source's views and cursors. Later passes skip known records without decoding them again.
/// Each cursor that finds new ones sends one warning, when it is disposed, to the <see cref="MLContext"/> log
/// (a channel named after <see cref="ChannelName"/>) and to the optional callback.
/// </summary>
internal sealed class UnreadableFileLog
{
    public const string ChannelName = nameof(ImageDataView);

    private readonly ConcurrentDictionary<int, string> _reasons = new();
    private readonly IChannelProvider _channels;
    private readonly Action<string>? _callback;

    public UnreadableFileLog(MLContext mlContext, Action<string>? callback)
    {
        _channels = mlContext;
        _callback = callback;
    }

    /// <summary>Number of distinct unreadable records found so far.</summary>
    public int Count => _reasons.Count;

    public bool IsKnown(int record) => _reasons.ContainsKey(record);

    /// <summary>Records <paramref name="record"/> as unreadable; false when another cursor already did.</summary>
    public bool Add(int record, string reason) => _reasons.TryAdd(record, reason);

    /// <summary>Sends one warning about <paramref name="newCount"/> files newly found by one pass.</summary>
    public void Warn(string sourceDescription, int newCount, string firstReason)
    {
        string message =
            $"Skipped {newCount} unreadable image file(s) under '{sourceDescription}' in this pass " +
            $"({Count} known so far; SkipUnreadableFiles is on). First: {firstReason}";
        using (IChannel channel = _channels.Start(ChannelName))
            channel.Warning(MessageSensitivity.UserData, message);
        _callback?.Invoke(message);
    }
}

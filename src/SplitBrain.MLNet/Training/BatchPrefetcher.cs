using System.Collections.Concurrent;

namespace SplitBrain.MLNet.Training;

/// <summary>
/// Runs a batch producer on a background thread, at most <c>capacity</c> batches ahead of the consumer, so that
/// decoding and quantization overlap with the training step. Memory stays bounded by the capacity. An exception in
/// the producer is rethrown to the consumer; disposing stops the producer and waits for it.
/// </summary>
internal sealed class BatchPrefetcher<TBatch> : IDisposable
{
    private readonly BlockingCollection<TBatch> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private Exception? _failure;

    /// <param name="produce">Writes batches to the sink in order, honouring the token; returns when the data ends.</param>
    /// <param name="capacity">How many finished batches may wait, at least 1.</param>
    public BatchPrefetcher(Action<Action<TBatch>, CancellationToken> produce, int capacity)
    {
        if (capacity < 1)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The prefetch capacity must be at least 1.");
        _queue = new BlockingCollection<TBatch>(capacity);
        _producer = Task.Factory.StartNew(() =>
        {
            try
            {
                produce(batch => _queue.Add(batch, _stop.Token), _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                _failure = ex;
            }
            finally
            {
                _queue.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The batches in production order. Rethrows a producer failure once the queue is drained.</summary>
    public IEnumerable<TBatch> Batches()
    {
        foreach (TBatch batch in _queue.GetConsumingEnumerable())
            yield return batch;
        _producer.Wait();
        if (_failure is not null)
            throw new InvalidOperationException($"Reading training data failed: {_failure.Message}", _failure);
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _producer.Wait();
        }
        catch (AggregateException)
        {
        }
        while (_queue.TryTake(out TBatch? left))
            (left as IDisposable)?.Dispose();
        _queue.Dispose();
        _stop.Dispose();
    }
}

using System.Net;
using System.Net.Http.Headers;

namespace SplitBrain.Cli.Download;

/// <summary>
/// Downloads one file into a <c>.partial</c> file, resuming what is already there with an HTTP Range request.
/// </summary>
/// <remarks>
/// A 206 answer whose range starts where the partial file ends is appended; a 200 answer (the server ignored the
/// range) restarts the file from zero; a 416 answer means the partial file is already whole when its length equals
/// the size the server reports, and restarts it otherwise. When the connection breaks after an answer arrived (the
/// body stops early, or no bytes come for <see cref="IdleTimeout"/>), the download is resumed up to
/// <see cref="MaxAttempts"/> times in all. A failure before any answer (no network, connection refused, DNS) is not
/// retried.
/// </remarks>
internal sealed class ResumableDownloader : IDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly HttpClient _client;

    public ResumableDownloader(HttpMessageHandler? handler = null)
    {
        _client = new HttpClient(handler ?? new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("splitbrain", "1.0"));
    }

    /// <summary>Attempts in all, counting the first; at least 1.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>How long a read may wait for bytes before the attempt counts as broken.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Wait before attempt n (n ≥ 2) is this times 2^(n-2).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Fetches <paramref name="url"/> into <paramref name="partialPath"/>, keeping and resuming any bytes already there.
    /// </summary>
    /// <returns>The length of the complete file.</returns>
    /// <exception cref="DownloadFailedException">No network, an HTTP error, or too many broken attempts.</exception>
    public async Task<long> DownloadAsync(
        Uri url, string partialPath, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        Exception? lastError = null;
        for (int attempt = 1; attempt <= Math.Max(1, MaxAttempts); attempt++)
        {
            if (attempt > 1 && RetryDelay > TimeSpan.Zero)
            {
                await Task.Delay(RetryDelay * Math.Pow(2, attempt - 2), cancellationToken).ConfigureAwait(false);
            }

            long existing = File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0;
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (existing > 0)
            {
                request.Headers.Range = new RangeHeaderValue(existing, null);
            }

            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception error) when (IsNetworkError(error, cancellationToken))
            {
                throw new DownloadFailedException($"could not reach {url.Host}: {Describe(error)}", error);
            }

            using (response)
            {
                try
                {
                    long? length = await ReceiveAsync(response, url, partialPath, existing, progress, cancellationToken)
                        .ConfigureAwait(false);
                    if (length is not null)
                    {
                        return length.Value;
                    }

                    lastError = null; // a restart from zero was asked for; try again at once
                }
                catch (Exception error) when (IsNetworkError(error, cancellationToken))
                {
                    lastError = error;
                }
            }
        }

        throw new DownloadFailedException(
            $"the download of {url} broke off {MaxAttempts} times" +
            (lastError is null ? "" : $"; last error: {Describe(lastError)}"), lastError ?? new IOException());
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Handles one answer; returns the complete length, or null to start over from an empty file.</summary>
    private async Task<long?> ReceiveAsync(
        HttpResponseMessage response, Uri url, string partialPath, long existing, IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0)
        {
            long? serverLength = response.Content.Headers.ContentRange?.Length;
            if (serverLength == existing)
            {
                progress?.Report(new DownloadProgress(existing, existing));
                return existing;
            }

            File.Delete(partialPath);
            return null;
        }

        bool append;
        long? total;
        if (response.StatusCode == HttpStatusCode.PartialContent && existing > 0)
        {
            ContentRangeHeaderValue? range = response.Content.Headers.ContentRange;
            if (range?.From != existing)
            {
                File.Delete(partialPath);
                return null;
            }

            append = true;
            total = range.Length;
        }
        else if (response.StatusCode == HttpStatusCode.OK)
        {
            append = false;
            total = response.Content.Headers.ContentLength;
        }
        else
        {
            throw new DownloadFailedException(
                $"the server answered {(int)response.StatusCode} {response.ReasonPhrase} for {url}");
        }

        long received = append ? existing : 0;
        progress?.Report(new DownloadProgress(received, total));
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
        await using (var file = new FileStream(partialPath, append ? FileMode.Append : FileMode.Create, FileAccess.Write,
                         FileShare.None, BufferSize, useAsync: true))
        {
            var buffer = new byte[BufferSize];
            while (true)
            {
                int read;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    idle.CancelAfter(IdleTimeout);
                    try
                    {
                        read = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException($"no data from {url.Host} for {IdleTimeout.TotalSeconds:F0} s");
                    }
                }

                if (read == 0)
                {
                    break;
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                received += read;
                progress?.Report(new DownloadProgress(received, total));
            }
        }

        if (total is not null && received != total)
        {
            throw new IOException($"the connection closed after {received} of {total} bytes");
        }

        return received;
    }

    private static bool IsNetworkError(Exception error, CancellationToken cancellationToken) =>
        error is HttpRequestException or IOException or TimeoutException
        || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Describe(Exception error)
    {
        var messages = new List<string>();
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (!messages.Any(m => m.Contains(current.Message, StringComparison.Ordinal)))
            {
                messages.Add(current.Message);
            }
        }

        return string.Join(": ", messages);
    }
}

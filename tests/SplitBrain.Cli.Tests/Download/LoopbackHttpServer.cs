using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SplitBrain.Cli.Tests.Download;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 and a free port, serving one file at one path, with switches for the
/// misbehaviours the downloader must survive. It only ever listens on loopback and stops on dispose.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly byte[] _body;
    private readonly string _path;
    private int _responses;

    public LoopbackHttpServer(byte[] body, string path)
    {
        _body = body;
        _path = path;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>When false, a Range header is ignored and the whole file is sent with 200.</summary>
    public bool HonourRange { get; init; } = true;

    /// <summary>When set, the first response announces the full length but the connection closes after this many body bytes.</summary>
    public int? CutFirstResponseAfter { get; init; }

    /// <summary>The Range header of every request received (null when absent), in order.</summary>
    public List<string?> RangeHeaders { get; } = [];

    /// <summary>The status code of every response sent, in order.</summary>
    public List<int> StatusCodes { get; } = [];

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The folder URL to pass as the mirror.</summary>
    public string FolderUrl => $"http://127.0.0.1:{Port}{_path[.._path.LastIndexOf('/')]}/";

    /// <summary>A loopback port with nothing listening on it.</summary>
    public static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            using (client)
            {
                try
                {
                    await ServeAsync(client.GetStream());
                }
                catch (IOException)
                {
                    // The client went away; the next connection is served as usual.
                }
            }
        }
    }

    private async Task ServeAsync(NetworkStream stream)
    {
        string requestLine = "";
        string? range = null;
        var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        for (string? line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
        {
            if (requestLine.Length == 0)
            {
                requestLine = line;
            }
            else if (line.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))
            {
                range = line["Range:".Length..].Trim();
            }
        }

        lock (RangeHeaders)
        {
            RangeHeaders.Add(range);
        }

        string[] parts = requestLine.Split(' ');
        if (parts.Length < 2 || parts[1] != _path)
        {
            await WriteHeadAsync(stream, 404, "Not Found", 0, null);
            return;
        }

        long start = 0;
        if (HonourRange && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1]);
            if (start >= _body.Length)
            {
                await WriteHeadAsync(stream, 416, "Range Not Satisfiable", 0, $"bytes */{_body.Length}");
                return;
            }
        }

        bool partial = start > 0;
        await WriteHeadAsync(stream, partial ? 206 : 200, partial ? "Partial Content" : "OK", _body.Length - start,
            partial ? $"bytes {start}-{_body.Length - 1}/{_body.Length}" : null);
        int count = _body.Length - (int)start;
        if (Interlocked.Increment(ref _responses) == 1 && CutFirstResponseAfter is int cut)
        {
            count = Math.Min(count, cut);
        }

        await stream.WriteAsync(_body.AsMemory((int)start, count));
        await stream.FlushAsync();
        stream.Socket.Shutdown(SocketShutdown.Send);
    }

    private async Task WriteHeadAsync(NetworkStream stream, int status, string reason, long length, string? contentRange)
    {
        lock (StatusCodes)
        {
            StatusCodes.Add(status);
        }

        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append(' ').Append(reason).Append("\r\n")
            .Append("Content-Type: application/gzip\r\n")
            .Append("Content-Length: ").Append(length).Append("\r\n")
            .Append("Accept-Ranges: bytes\r\n")
            .Append("Connection: close\r\n");
        if (contentRange is not null)
        {
            head.Append("Content-Range: ").Append(contentRange).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
    }
}

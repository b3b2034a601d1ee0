using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tidings.Tests;

/// <summary>An OpenAI-compatible embedding server for the tests, on loopback port 0: a bare HTTP/1.1 server over a
/// socket (one request per connection), so that a test can also answer what no real server should (truncated, huge,
/// malformed, slow). By default it answers <c>POST /v1/embeddings</c> with one vector per input: character-trigram
/// counts hashed into <see cref="Dimensions"/> buckets, so texts sharing words get a high cosine.</summary>
internal sealed class FakeEmbeddingServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeEmbeddingServer(Func<Request, Task<Answer>>? handler = null)
    {
        Handler = handler ?? (r => Task.FromResult(Embeddings(r)));
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>The server's base address (no path).</summary>
    public Uri Url { get; }

    public Func<Request, Task<Answer>> Handler { get; set; }

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<Request> Requests { get; } = new();

    public int Dimensions { get; set; } = 64;

    /// <summary>One request: method, path, headers (lower-case names), body, and the parsed model and inputs when the
    /// body is an embeddings request.</summary>
    internal sealed record Request(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public string? Model => Json?["model"]?.GetValue<string>();

        public IReadOnlyList<string> Inputs => Json?["input"] is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : [];

        private JsonNode? Json
        {
            get
            {
                try
                {
                    return JsonNode.Parse(Body);
                }
                catch (JsonException)
                {
                    return null;
                }
            }
        }
    }

    /// <summary>What to send back: a status and body, or raw bytes written as they are (then the connection closes).</summary>
    internal sealed record Answer(int Status, string Body, string? Raw = null, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default);

    /// <summary>The standard answer to an embeddings request: one vector per input, index order reversed when
    /// <paramref name="reversed"/> (servers may list them in any order).</summary>
    public Answer Embeddings(Request r, bool reversed = false)
    {
        var inputs = r.Inputs;
        var data = new JsonArray();
        var order = Enumerable.Range(0, inputs.Count);
        foreach (int i in reversed ? order.Reverse() : order)
        {
            data.Add(new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = new JsonArray(Vector(inputs[i], Dimensions).Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
            });
        }
        var body = new JsonObject { ["object"] = "list", ["data"] = data, ["model"] = r.Model, ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["total_tokens"] = 1 } };
        return new Answer(200, body.ToJsonString());
    }

    /// <summary>Character-trigram counts of the lower-cased text hashed into <paramref name="dimensions"/> buckets.</summary>
    public static float[] Vector(string text, int dimensions)
    {
        var v = new float[dimensions];
        var t = " " + text.ToLowerInvariant() + " ";
        for (int i = 0; i + 3 <= t.Length; i++)
        {
            uint h = 2166136261;
            for (int k = i; k < i + 3; k++)
                h = (h ^ t[k]) * 16777619;
            v[h % (uint)dimensions] += 1;
        }
        return v;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var head = new List<byte>();
            var one = new byte[1];
            while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
            {
                if (await stream.ReadAsync(one, _stop.Token) == 0)
                    return;
                head.Add(one[0]);
            }
            var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var parts = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in lines.Skip(1))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                    headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
            }
            int length = headers.TryGetValue("content-length", out var cl) ? int.Parse(cl, CultureInfo.InvariantCulture) : 0;
            var body = new byte[length];
            int read = 0;
            while (read < length)
            {
                int n = await stream.ReadAsync(body.AsMemory(read), _stop.Token);
                if (n == 0)
                    return;
                read += n;
            }
            var request = new Request(parts[0], parts[1], headers, Encoding.UTF8.GetString(body));
            Requests.Enqueue(request);
            var answer = await Handler(request);
            if (answer.Delay > TimeSpan.Zero)
                await Task.Delay(answer.Delay, _stop.Token);
            if (answer.Raw is { } raw)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(raw), _stop.Token);
                return;
            }
            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {answer.Status} {(answer.Status == 200 ? "OK" : "Error")}\r\n");
            sb.Append("Content-Type: application/json\r\n");
            sb.Append(CultureInfo.InvariantCulture, $"Content-Length: {bytes.Length}\r\n");
            sb.Append("Connection: close\r\n");
            foreach (var (k, v) in answer.Headers ?? new Dictionary<string, string>())
                sb.Append(CultureInfo.InvariantCulture, $"{k}: {v}\r\n");
            sb.Append("\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(sb.ToString()), _stop.Token);
            await stream.WriteAsync(bytes, _stop.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the client went away (a timeout test) or the server is stopping
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}

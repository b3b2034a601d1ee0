using System.Diagnostics.Metrics;

namespace Tidings.Server;

/// <summary>The server's own instruments (exported at /metrics with ASP.NET Core's request metrics).</summary>
internal sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "Tidings.Server";
    private readonly Meter _meter;
    private readonly Counter<long> _documents;
    private readonly Counter<long> _rejections;
    private readonly Histogram<double> _ingestSeconds;

    public ServerMetrics(IMeterFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _meter = factory.Create(MeterName);
        _documents = _meter.CreateCounter<long>("tidings.documents", "{document}", "Documents posted, by outcome: new, duplicate or rejected.");
        _rejections = _meter.CreateCounter<long>("tidings.rejections", "{document}", "Rejected documents and requests, by reason.");
        _ingestSeconds = _meter.CreateHistogram<double>("tidings.ingest.duration", "s", "Time to ingest one POST /api/documents request, waiting included.");
    }

    public void Document(string status, long count = 1)
    {
        if (count > 0)
            _documents.Add(count, new KeyValuePair<string, object?>("status", status));
    }

    public void Rejection(string reason, long count = 1) => _rejections.Add(count, new KeyValuePair<string, object?>("reason", Reason(reason)));

    public void IngestTime(TimeSpan t) => _ingestSeconds.Record(t.TotalSeconds);

    /// <summary>A bounded label: the reason up to its first colon, lower case, at most 40 characters.</summary>
    internal static string Reason(string reason)
    {
        var r = reason.Split(':', 2)[0].Trim().ToLowerInvariant();
        return r.Length <= 40 ? r : r[..40];
    }

    public void Dispose() => _meter.Dispose();
}

using System.CommandLine;
using Tidings.Clustering.Embeddings;

namespace Tidings.Cli.Commands;

/// <summary>The embedder's flags, shared by <c>ingest</c> and <c>serve</c>: each falls back on its environment
/// variable; without a URL no embedder runs.</summary>
internal sealed class EmbedderFlags
{
    private readonly Option<string?> _url = new("--embedder-url")
    {
        Description = $"OpenAI-compatible embedding server (Ollama, text-embeddings-inference, vLLM, llama.cpp): its base URL, e.g. http://127.0.0.1:11434 (default: ${EmbedderOptions.UrlEnvironmentVariable}; none: no embeddings). API key: ${EmbedderOptions.ApiKeyEnvironmentVariable}.",
    };

    private readonly Option<string?> _model = new("--embedder-model") { Description = $"The embedding model's name on that server (default: ${EmbedderOptions.ModelEnvironmentVariable})." };
    private readonly Option<int?> _batch = new("--embedder-batch-size") { Description = $"Most texts per embedding request (default: ${EmbedderOptions.BatchSizeEnvironmentVariable}, else 32)." };
    private readonly Option<double?> _timeout = new("--embedder-timeout") { Description = $"Seconds one embedding request may take (default: ${EmbedderOptions.TimeoutEnvironmentVariable}, else 60)." };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _url, _model, _batch, _timeout })
            command.Options.Add(o);
    }

    /// <summary>The embedder the flags and the environment name, or null; a problem is written to stderr and
    /// <paramref name="ok"/> is false (exit code 2).</summary>
    public EmbedderOptions? Resolve(ParseResult pr, out bool ok)
    {
        ok = true;
        try
        {
            double? seconds = pr.GetValue(_timeout);
            return EmbedderOptions.Resolve(pr.GetValue(_url), pr.GetValue(_model), null, pr.GetValue(_batch),
                seconds is { } s ? (s > 0 && double.IsFinite(s) ? TimeSpan.FromSeconds(s) : TimeSpan.Zero) : null);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(e.Message)}");
            ok = false;
            return null;
        }
    }
}

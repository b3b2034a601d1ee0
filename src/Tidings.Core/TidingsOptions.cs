namespace Tidings.Core;

/// <summary>Settings shared by the hosts. Defaults are what a user gets without flags.</summary>
public sealed record TidingsOptions
{
    /// <summary>Environment variable that overrides the default database location (a file path, <c>sqlite:PATH</c>,
    /// <c>postgres://…</c> or an Npgsql connection string).</summary>
    public const string DatabaseEnvironmentVariable = "TIDINGS_DB";

    /// <summary>Default database file in the working directory.</summary>
    public const string DefaultDatabasePath = "tidings.db";

    /// <summary>Largest page read, in bytes; larger files are cut to this size before extraction.</summary>
    public int MaxPageBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Articles are written to the store in transactions of this many.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Where the per-document stages of a batch run in parallel; null means the thread pool. The HTTP server
    /// gives them threads of their own at a lower OS priority, so that requests are answered while batches are processed.</summary>
    public TaskScheduler? StageScheduler { get; init; }

    /// <summary>The database path from an explicit flag, else TIDINGS_DB, else ./tidings.db.</summary>
    public static string ResolveDatabasePath(string? flag)
    {
        if (!string.IsNullOrWhiteSpace(flag))
            return flag;
        var env = Environment.GetEnvironmentVariable(DatabaseEnvironmentVariable);
        return string.IsNullOrWhiteSpace(env) ? DefaultDatabasePath : env;
    }
}

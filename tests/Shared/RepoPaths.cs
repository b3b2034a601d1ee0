namespace Tidings.Tests;

/// <summary>Finds the repository and the shared data beside it. Tests that need ../shared fail with a clear message
/// when it is missing; they never pass silently.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tidings.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (no Tidings.slnx above " + AppContext.BaseDirectory + ").");
    });

    /// <summary>The repository root (the folder holding Tidings.slnx).</summary>
    internal static string Root => RootLazy.Value;

    /// <summary>A path inside the repository.</summary>
    internal static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A path inside ../shared (or $TIDINGS_SHARED). Fails the test with a clear message when it is absent.</summary>
    internal static string Shared(params string[] parts)
    {
        var baseDir = Environment.GetEnvironmentVariable("TIDINGS_SHARED") is { Length: > 0 } env
            ? env
            : Path.GetFullPath(Path.Combine(Root, "..", "shared"));
        var path = Path.Combine([baseDir, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new InvalidOperationException(
                $"This test needs the shared data at '{path}', which is missing. Check out the shared folder beside the repository " +
                "(../shared, with seeds/ and data/) or point TIDINGS_SHARED at it.");
        }
        return path;
    }
}

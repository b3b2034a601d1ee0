namespace Tidings.Server;

/// <summary>Runs the server on its own (<c>dotnet Tidings.Server.dll --Tidings:Database=FILE</c>); <c>tidings serve</c>
/// is the usual way in. Not static so that test hosts can name it as the entry point.</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static Task<int> Main(string[] args) => TidingsServer.RunAsync(new ServerOptions
    {
        Database = Core.TidingsOptions.ResolveDatabasePath(null),
        ApiKey = Environment.GetEnvironmentVariable(ServerOptions.ApiKeyEnvironmentVariable) is { Length: > 0 } k ? k : null,
    }, args);
}

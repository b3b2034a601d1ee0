using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Tidings.Tests;

/// <summary>The PostgreSQL server tests run against: <c>TIDINGS_TEST_POSTGRES</c> (an Npgsql connection string of a
/// user who may create databases; <c>.ci/run</c> sets it), else a throwaway server this test process starts on
/// 127.0.0.1 from the distribution's binaries (as the <c>postgres</c> user when run as root) and stops at exit. Each
/// test gets a database of its own. Without PostgreSQL the tests fail with a message saying how to get it.</summary>
internal static class TestPostgres
{
    private static readonly Lazy<string> AdminLazy = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Admin => AdminLazy.Value;

    private static string Start()
    {
        if (Environment.GetEnvironmentVariable("TIDINGS_TEST_POSTGRES") is { Length: > 0 } given)
            return given;
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out int v) ? v : 0).LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("These tests need PostgreSQL: install the distribution's `postgresql` package (the tests then start a " +
                "throwaway server themselves) or set TIDINGS_TEST_POSTGRES to a connection string of a user who may create databases (`.ci/postgres.sh start` prints one).");
        }
        var root = Directory.CreateTempSubdirectory("tidings-test-pg-").FullName;
        var data = Path.Combine(root, "data");
        bool asRoot = Environment.UserName == "root";
        if (asRoot)
            Run("chown", ["postgres:postgres", root], false);
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"], asRoot);
        var ctl = Path.Combine(bin, "pg_ctl");
        Run(ctl, ["-D", data, "-l", Path.Combine(root, "log"), "-w", "-t", "60", "-o",
            $"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"], asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Run(ctl, ["-D", data, "-m", "immediate", "-w", "stop"], asRoot);
                Directory.Delete(root, recursive: true);
            }
            catch (InvalidOperationException)
            {
            }
            catch (IOException)
            {
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    private static void Run(string file, string[] args, bool asPostgres)
    {
        var psi = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres)
        {
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add("postgres");
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(file);
        }
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}");
    }

    /// <summary>A new empty database; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "tidings_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var c = new NpgsqlConnection(Admin))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(Admin) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever still uses it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(Admin);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", c);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<bool> DatabaseExistsAsync(string name)
    {
        await using var c = new NpgsqlConnection(Admin);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", c);
        cmd.Parameters.AddWithValue("n", name);
        return await cmd.ExecuteScalarAsync() is not null;
    }
}

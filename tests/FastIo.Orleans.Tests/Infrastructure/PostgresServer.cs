using System.Diagnostics;
using Npgsql;

namespace FastIo.Orleans.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the whole test run: a temporary data folder on a free port, run as the
/// <c>postgres</c> user when the tests run as root, removed when the run ends. Each test class takes a
/// database of its own from it.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> SharedServer = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databaseCounter;

    private readonly string _binDir;
    private readonly string _dataDir;

    private PostgresServer(string binDir, string dataDir, int port)
    {
        _binDir = binDir;
        _dataDir = dataDir;
        Port = port;
    }

    public static PostgresServer Shared => SharedServer.Value;

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=50;Timeout=5;Command Timeout=10";

    /// <summary>A fresh, empty database; nothing in it is shared with any other test class.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Stops the server the way an outage would, keeping its data.</summary>
    public void Stop() => RunAsOwner(Path.Combine(_binDir, "pg_ctl"), $"-D {_dataDir} -m fast -w stop");

    public void StartAgain() => RunAsOwner(Path.Combine(_binDir, "pg_ctl"),
        $"-D {_dataDir} -l {_dataDir}/server.log -w -o \"-p {Port} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=400\" start");

    public void Dispose()
    {
        try
        {
            Stop();
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(_dataDir)!, recursive: true);
        }
    }

    private static PostgresServer Start()
    {
        var binDir = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending()
            .Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl). Run ./test, which installs it.");

        var root = Directory.CreateTempSubdirectory("fastio-pg-").FullName;
        var dataDir = Path.Combine(root, "data");
        if (IsRoot)
        {
            Run("chown", $"postgres:postgres {root}");
        }

        var server = new PostgresServer(binDir, dataDir, FreePorts.Next());
        server.RunAsOwner(Path.Combine(binDir, "initdb"), $"-D {dataDir} -U postgres --auth=trust -E UTF8 --no-sync");
        server.StartAgain();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private void RunAsOwner(string program, string arguments)
    {
        if (IsRoot)
        {
            Run("runuser", $"-u postgres -- {program} {arguments}");
        }
        else
        {
            Run(program, arguments);
        }
    }

    private static void Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/tmp",
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}): {error}{output.Result}");
        }
    }
}

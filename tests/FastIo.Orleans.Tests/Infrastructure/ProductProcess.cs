using System.Collections.Concurrent;
using System.Diagnostics;

namespace FastIo.Orleans.Tests.Infrastructure;

/// <summary>A silo or gateway started from its build output as a real process, as an operator would run it.</summary>
public sealed class ProductProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ProductProcess(Process process, string name, int httpPort, IReadOnlyDictionary<string, string> environment)
    {
        _process = process;
        Environment = environment;
        Name = name;
        HttpPort = httpPort;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int HttpPort { get; }

    /// <summary>The configuration it was started with, so a restart can reuse its ports.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote, for assertions about logs and for diagnosing failures.</summary>
    public string Output => string.Join('\n', _output);

    public static async Task<ProductProcess> StartAsync(
        string host, int httpPort, IReadOnlyDictionary<string, string> environment, TimeSpan? readyTimeout = null)
    {
        var dll = Path.Combine(RepositoryRoot, host, "bin", BuildConfiguration, "net10.0", $"FastIo.Orleans.{host}.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{host} is not built at {dll}; build the solution first.");
        }

        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{httpPort}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new ProductProcess(Process.Start(start)!, host, httpPort, environment);
        await process.WaitReadyAsync(readyTimeout ?? TimeSpan.FromSeconds(60));
        return process;
    }

    /// <summary>Stops the process: gracefully (SIGTERM) or as a crash would (kill -9).</summary>
    public async Task StopAsync(bool kill = false)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (kill)
        {
            _process.Kill(entireProcessTree: true);
        }
        else
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                var response = await http.GetAsync(new Uri(BaseAddress, "health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer while it starts.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000 && _output.TryDequeue(out _))
        {
        }
    }

    public static string RepositoryRoot { get; } = FindRoot();

    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FastIo.Orleans.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("FastIo.Orleans.sln not found above the test output.");
    }
}

using System.Diagnostics;

namespace FastIo.Orleans.ActivityBench.Targets;

/// <summary>The reference broadcaster, started as a process of its own so its memory and CPU are its own.</summary>
public sealed class ReferenceTarget(HttpClient http, int port) : IBenchTarget, IDisposable
{
    private Process? _process;

    public string Name => "reference";

    public int Pid => _process?.Id ?? 0;

    private Uri Base => new($"http://127.0.0.1:{port}/");

    public async Task PrepareAsync(int profiles, CancellationToken cancellation)
    {
        var self = Environment.ProcessPath!;
        var start = self.EndsWith("dotnet", StringComparison.Ordinal)
            ? new ProcessStartInfo(self, [typeof(ReferenceTarget).Assembly.Location, "reference", "--port", $"{port}"])
            : new ProcessStartInfo(self, ["reference", "--port", $"{port}"]);
        _process = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var answer = await http.PostAsync(new Uri(Base, "publish?p=warmup&key=k"), null, cancellation);
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellation);
        }

        throw new TimeoutException("the reference broadcaster did not start");
    }

    public Uri SocketUri(int profile) => new($"ws://127.0.0.1:{port}/ws?p={profile}");

    public HttpRequestMessage PollRequest(int profile, string? cursor) => new(HttpMethod.Get, new Uri(Base, $"poll?p={profile}"));

    public async Task PublishAsync(int profile, string key, CancellationToken cancellation)
    {
        using var answer = await http.PostAsync(new Uri(Base, $"publish?p={profile}&key={Uri.EscapeDataString(key)}"), null, cancellation);
        answer.EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
    }
}

using System.Globalization;

namespace FastIo.WebhookBench;

/// <summary>Times to the answer, by status; thread-safe, as deliveries finish concurrently.</summary>
public sealed class BenchResult(int sent)
{
    private readonly List<double> _acceptedMs = new(sent);
    private readonly Dictionary<int, int> _statuses = [];
    private readonly Lock _lock = new();

    public int Sent { get; } = sent;

    public int Accepted => _acceptedMs.Count;

    public TimeSpan Elapsed { get; set; }

    public void Record(int status, TimeSpan latency)
    {
        lock (_lock)
        {
            _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
            if (status == 202)
            {
                _acceptedMs.Add(latency.TotalMilliseconds);
            }
        }
    }

    public void Print(TextWriter output)
    {
        _acceptedMs.Sort();
        var statuses = string.Join(", ",
            _statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "error" : s.Key)}: {s.Value}"));
        output.WriteLine($"sent {Sent} in {Elapsed.TotalSeconds:F1} s; answers {statuses}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accepted/s {Accepted / Elapsed.TotalSeconds:F1}; time to 202 ms: p50 {Percentile(0.50):F1}, "
            + $"p90 {Percentile(0.90):F1}, p99 {Percentile(0.99):F1}, max {Percentile(1):F1}"));
    }

    private double Percentile(double p) =>
        _acceptedMs.Count == 0 ? double.NaN : _acceptedMs[Math.Max(0, (int)Math.Ceiling(p * _acceptedMs.Count) - 1)];
}

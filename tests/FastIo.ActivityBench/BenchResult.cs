using System.Globalization;

namespace FastIo.Orleans.ActivityBench;

/// <summary>One target's figures.</summary>
public sealed record BenchResult(
    string Target, int Sockets, int Polls, int Published, Stats SocketLatency, Stats PollLatency, Stats AllLatency,
    int Missing, int Early, double BytesPerSocket, double BytesPerPoll, int PollFailures, int SocketsClosed)
{
    public void Print(TextWriter output)
    {
        output.WriteLine($"{Target}: {Sockets} sockets + {Polls} polls, {Published} keys published, "
            + $"{Missing} receipts missing, {Early} pushed before the publish answer was read, "
            + $"{PollFailures} poll errors, {SocketsClosed} sockets closed by the server");
        output.WriteLine($"  latency ms   all {AllLatency}   sockets {SocketLatency}   polls {PollLatency}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  memory       {BytesPerSocket / 1024:F1} KB per idle socket, {BytesPerPoll / 1024:F1} KB per waiting poll (RSS)"));
    }
}

public readonly record struct Stats(int Count, double P50, double P99, double Max)
{
    public static Stats Of(List<double> values)
    {
        if (values.Count == 0)
        {
            return default;
        }

        values.Sort();
        return new Stats(values.Count, At(values, 0.50), At(values, 0.99), values[^1]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"n={Count} p50={P50:F1} p99={P99:F1} max={Max:F1}");

    private static double At(List<double> sorted, double q) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(q * sorted.Count) - 1)];
}

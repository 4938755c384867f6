using System.Globalization;
using System.Text.Json;
using FastIo.Orleans.LoadTest.Checks;
using FastIo.Orleans.LoadTest.Measure;
using FastIo.Orleans.Replay.Http;

namespace FastIo.Orleans.LoadTest;

/// <summary>The end of a run: a table per operation, deliveries per transport, the database check, the verdict.
/// </summary>
public sealed record LoadReport(
    string Run,
    string Url,
    double LoadSeconds,
    long EventsSent,
    long EventsAcknowledged,
    long EventsRefused,
    long EventsGivenUp,
    long BatchRetries,
    long SocketDrops,
    long RecoveredFalse,
    bool Interrupted,
    IReadOnlyList<Summary> Operations,
    IReadOnlyList<DeliveryResult> Deliveries,
    DatabaseResult? Database)
{
    public long MissedSocket => Deliveries.Where(d => d.Transport == "socket").Sum(d => d.Missed);

    public long MissedPoll => Deliveries.Where(d => d.Transport == "poll").Sum(d => d.Missed);

    public bool Failed => Database is { Lost: > 0 } or { Duplicated: > 0 } or { WrongEventId: > 0 }
        || MissedSocket > 0 || MissedPoll > 0;

    public string Verdict => string.Create(CultureInfo.InvariantCulture,
        $"lost={Database?.Lost.ToString(CultureInfo.InvariantCulture) ?? "unchecked"}"
        + $" duplicated={Database?.Duplicated.ToString(CultureInfo.InvariantCulture) ?? "unchecked"}"
        + $" missed_socket={MissedSocket} missed_poll={MissedPoll}");

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"events: sent {EventsSent}, acknowledged {EventsAcknowledged}, refused {EventsRefused}, "
            + $"given up {EventsGivenUp}; batch retries {BatchRetries}; socket drops {SocketDrops}; "
            + $"recovered:false {RecoveredFalse}; load {LoadSeconds:0.0} s"));
        output.WriteLine();
        output.WriteLine($"{"operation",-14} {"count",8} {"errors",7} {"per s",8} {"p50 ms",8} {"p90 ms",8} "
            + $"{"p99 ms",8} {"max ms",9}");
        foreach (var o in Operations)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{o.Operation,-14} {o.Count,8} {o.Errors,7} {o.PerSecond,8:0.0} {o.P50,8:0.0} {o.P90,8:0.0} "
                + $"{o.P99,8:0.0} {o.Max,9:0.0}"));
        }

        output.WriteLine();
        output.WriteLine($"{"delivery",-9} {"clients",7} {"expected",9} {"received",9} {"reloaded",8} {"missed",7} "
            + $"{"p50 ms",8} {"p99 ms",8} {"max ms",9}");
        foreach (var d in Deliveries)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{d.Transport,-9} {d.Clients,7} {d.Expected,9} {d.Received,9} {d.Reloaded,8} {d.Missed,7} "
                + $"{d.P50,8:0.0} {d.P99,8:0.0} {d.Max,9:0.0}"));
        }

        if (Database is { } db)
        {
            output.WriteLine();
            output.WriteLine($"database: {db.Acknowledged} acknowledged keys checked, lost {db.Lost}, duplicated "
                + $"{db.Duplicated}, answered event ID differs {db.WrongEventId}; {db.RowsOfRun} rows of this run, "
                + $"{db.StoredUnacknowledged} stored without an acknowledgement");
        }

        output.WriteLine();
        output.WriteLine(Interrupted ? $"interrupted: {Verdict}" : Verdict);
    }

    public async Task WriteAsync(string path, CancellationToken cancellation)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, new JsonSerializerOptions(ApiJson.Options)
        {
            WriteIndented = true,
        }, cancellation);
    }
}

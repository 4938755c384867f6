using System.Collections.Concurrent;
using System.Globalization;

namespace FastIo.Orleans.LoadTest.Ingestion;

/// <summary>
/// Every acknowledged event, in memory for the end checks and, with <c>--ledger</c>, one tab-separated line per
/// event as it is acknowledged (idempotency key, event ID, profile, activity key, activity_at, when the answer
/// came in UTC), so a run that is killed still leaves what it was told.
/// </summary>
public sealed class Ledger : IDisposable
{
    private readonly ConcurrentQueue<AcknowledgedEvent> _events = new();
    private readonly StreamWriter? _file;
    private readonly Lock _writing = new();

    public Ledger(string? path)
    {
        if (path is not null)
        {
            _file = new StreamWriter(path, append: false) { AutoFlush = false };
            _file.WriteLine("idempotency_key\tevent_id\tprofile_id\tactivity_key\tactivity_at\tacknowledged_at");
        }
    }

    public IReadOnlyCollection<AcknowledgedEvent> Events => _events;

    public void Add(IReadOnlyList<AcknowledgedEvent> batch)
    {
        foreach (var acknowledged in batch)
        {
            _events.Enqueue(acknowledged);
        }

        if (_file is null)
        {
            return;
        }

        lock (_writing)
        {
            foreach (var e in batch)
            {
                _file.WriteLine($"{e.IdempotencyKey}\t{e.EventId}\t{e.ProfileId}\t{e.Key}\t{e.ActivityAt}\t"
                    + e.AcknowledgedUtc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
            }

            _file.Flush();
        }
    }

    public void Dispose()
    {
        lock (_writing)
        {
            _file?.Dispose();
        }
    }
}

/// <summary>An event the product acknowledged; the <c>...At</c> times are
/// <see cref="System.Diagnostics.Stopwatch"/> stamps.</summary>
public sealed record AcknowledgedEvent(string IdempotencyKey, string EventId, int Profile, string ProfileId,
    string Key, string? ActivityAt, long FirstSentAt, long AcknowledgedAt, DateTime AcknowledgedUtc);

namespace FastIo.Orleans.LoadTest.Measure;

/// <summary>Every operation the run times, and the gauges the progress line shows.</summary>
public sealed class LoadMetrics
{
    public Operation IngestBatch { get; } = new("ingest batch");

    public Operation Search { get; } = new("search");

    public Operation PollAnswer { get; } = new("poll answer");

    public Operation SocketPush { get; } = new("socket push");

    public Operation WebSocketToken { get; } = new("ws token");

    public Operation Reconnect { get; } = new("reconnect");

    public IReadOnlyList<Operation> All => [IngestBatch, Search, PollAnswer, SocketPush, WebSocketToken, Reconnect];

    /// <summary>Events sent, acknowledged, refused (4xx) and given up after retries.</summary>
    public long EventsSent;

    public long EventsAcknowledged;

    public long EventsRefused;

    public long EventsGivenUp;

    /// <summary>Batches sent again after a 5xx, a timeout or a dropped connection.</summary>
    public long BatchRetries;

    public long OpenSockets;

    public long WaitingPolls;

    public long SocketDrops;

    public long Errors => All.Sum(o => o.Errors);
}

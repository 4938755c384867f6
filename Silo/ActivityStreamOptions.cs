namespace FastIo.Orleans.Silo;

/// <summary>How the silo carries activity keys from profile grains to gateways (memory streams).</summary>
public sealed class ActivityStreamOptions
{
    public const string Section = "Activity:Stream";

    /// <summary>
    /// How often each pulling agent looks for new messages in its queue. It bounds the delay a change waits
    /// on the silo before it is pushed to gateways; an idle check is one local call. Default 5 ms (Orleans'
    /// own default, 100 ms, would spend most of the WebSocket latency budget here).
    /// </summary>
    public TimeSpan QueuePollPeriod { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Queues the profile streams are spread over, each with its own pulling agent. Default 4.</summary>
    public int Queues { get; set; } = 4;

    public static string? Validate(ActivityStreamOptions options) =>
        options.QueuePollPeriod <= TimeSpan.Zero || options.QueuePollPeriod > TimeSpan.FromSeconds(1)
            ? $"{Section}:QueuePollPeriod must be more than 0 and at most 1 s."
            : options.Queues is < 1 or > 64
                ? $"{Section}:Queues must be 1 to 64."
                : null;
}

namespace FastIo.Orleans.ActivityBench.Targets;

/// <summary>Something that fans a published key out to sockets and long-polls: the product or the reference.</summary>
public interface IBenchTarget
{
    string Name { get; }

    /// <summary>The process whose memory is measured.</summary>
    int Pid { get; }

    Task PrepareAsync(int profiles, CancellationToken cancellation);

    Uri SocketUri(int profile);

    HttpRequestMessage PollRequest(int profile, string? cursor);

    /// <summary>Publishes <paramref name="key"/> on a profile; returns once the target has answered.</summary>
    Task PublishAsync(int profile, string key, CancellationToken cancellation);
}

namespace FastIo.Orleans.RateLimits;

/// <summary>
/// The answer for one request. <see cref="Limit"/>, <see cref="Remaining"/> and <see cref="ResetsAt"/> describe
/// the window closest to its limit, as the <c>X-Rate-Limit-*</c> headers report it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RateLimitDecision(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] int Limit,
    [property: Id(2)] int Remaining,
    [property: Id(3)] DateTimeOffset ResetsAt,
    [property: Id(4)] TimeSpan RetryAfter);

namespace FastIo.Orleans.RateLimits;

/// <summary>One sliding window: at most <see cref="Limit"/> requests in any <see cref="Period"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record RateLimitWindow([property: Id(0)] int Limit, [property: Id(1)] TimeSpan Period);

/// <summary>
/// The limits a user's requests share, per channel. A request must fit every window of its channel, and it
/// counts once in each.
/// </summary>
public static class RateLimitChannel
{
    /// <summary>Event search and its AI summary: 5 per 3 s, 15 per 30 s, 120 per 10 min.</summary>
    public const string EventsSearch = "events_search";

    /// <summary>Activity long-polls: 200 per 60 s, 1000 per hour.</summary>
    public const string ActivityPoll = "activity_poll";

    /// <summary>Every other user route: 100 per 10 s, 1000 per 10 min.</summary>
    public const string Default = "default";

    public static IReadOnlyList<RateLimitWindow> WindowsOf(string channel) => channel switch
    {
        EventsSearch =>
            [new(5, TimeSpan.FromSeconds(3)), new(15, TimeSpan.FromSeconds(30)), new(120, TimeSpan.FromMinutes(10))],
        ActivityPoll => [new(200, TimeSpan.FromSeconds(60)), new(1000, TimeSpan.FromHours(1))],
        _ => [new(100, TimeSpan.FromSeconds(10)), new(1000, TimeSpan.FromMinutes(10))],
    };

    public static string GrainKey(string channel, string userId) => $"{channel}/{userId}";
}

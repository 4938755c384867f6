namespace FastIo.Orleans.RateLimits;

/// <summary>
/// One user's use of one channel, keyed <c>{channel}/{userId}</c>. A single activation in the cluster, so
/// every gateway gets the same answer for the same user.
/// </summary>
public interface IRateLimitGrain : IGrainWithStringKey
{
    /// <summary>Counts the request if it fits every window; otherwise refuses it without counting it.</summary>
    Task<RateLimitDecision> AcquireAsync();
}

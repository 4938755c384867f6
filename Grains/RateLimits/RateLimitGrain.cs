using FastIo.Orleans.RateLimits;

namespace FastIo.Orleans.Grains.RateLimits;

/// <summary>
/// Holds one user's request times for one channel in memory. Limits are a guard, not a record: if the silo
/// holding this activation fails, the user's windows start empty on the next one.
/// </summary>
public sealed class RateLimitGrain(TimeProvider time) : Grain, IRateLimitGrain
{
    private SlidingWindowLog? _log;

    public Task<RateLimitDecision> AcquireAsync()
    {
        _log ??= new SlidingWindowLog(RateLimitChannel.WindowsOf(this.GetPrimaryKeyString().Split('/')[0]));
        return Task.FromResult(_log.Acquire(time.GetUtcNow()));
    }
}

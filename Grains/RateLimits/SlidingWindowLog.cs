using FastIo.Orleans.RateLimits;

namespace FastIo.Orleans.Grains.RateLimits;

/// <summary>
/// Exact sliding windows: the times of accepted requests, kept for as long as the longest window. A channel's
/// largest limit bounds how many are kept, so memory per user stays small.
/// </summary>
public sealed class SlidingWindowLog(IReadOnlyList<RateLimitWindow> windows)
{
    private readonly List<DateTimeOffset> _accepted = [];
    private readonly TimeSpan _longest = windows.Max(w => w.Period);

    public RateLimitDecision Acquire(DateTimeOffset now)
    {
        _accepted.RemoveAll(t => t <= now - _longest);

        var retryAfter = TimeSpan.Zero;
        foreach (var window in windows)
        {
            var inWindow = CountSince(now - window.Period);
            if (inWindow >= window.Limit)
            {
                // The request fits again once enough of the oldest requests in the window have aged out.
                var oldestThatMustLeave = _accepted[_accepted.Count - inWindow + (inWindow - window.Limit)];
                var wait = oldestThatMustLeave + window.Period - now;
                retryAfter = wait > retryAfter ? wait : retryAfter;
            }
        }

        if (retryAfter > TimeSpan.Zero)
        {
            var tightest = Tightest(now, counting: 0);
            return new RateLimitDecision(false, tightest.Limit, 0, tightest.ResetsAt, retryAfter);
        }

        _accepted.Add(now);
        var (limit, remaining, resetsAt) = Tightest(now, counting: 0);
        return new RateLimitDecision(true, limit, remaining, resetsAt, TimeSpan.Zero);
    }

    /// <summary>The window with the fewest requests left, and when its oldest counted request ages out.</summary>
    private (int Limit, int Remaining, DateTimeOffset ResetsAt) Tightest(DateTimeOffset now, int counting)
    {
        var best = (Limit: 0, Remaining: int.MaxValue, ResetsAt: now);
        foreach (var window in windows)
        {
            var inWindow = CountSince(now - window.Period) + counting;
            var remaining = Math.Max(0, window.Limit - inWindow);
            if (remaining < best.Remaining)
            {
                var oldest = inWindow == 0 ? now : _accepted[_accepted.Count - inWindow];
                best = (window.Limit, remaining, oldest + window.Period);
            }
        }

        return best;
    }

    private int CountSince(DateTimeOffset start)
    {
        var count = 0;
        for (var i = _accepted.Count - 1; i >= 0 && _accepted[i] > start; i--)
        {
            count++;
        }

        return count;
    }
}

namespace FastIo.Orleans.LoadTest;

/// <summary>Exponential backoff with jitter, so clients dropped together do not come back in lockstep.</summary>
public static class Backoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);

    public static TimeSpan After(int failures)
    {
        var delay = First * Math.Pow(2, Math.Min(failures, 10) - 1);
        var capped = delay < Longest ? delay : Longest;
        return capped * (0.5 + (Random.Shared.NextDouble() / 2));
    }
}

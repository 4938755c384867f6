namespace FastIo.Orleans.Tests.Infrastructure;

/// <summary>Fresh 20-digit profile IDs, so no test ever meets another test's data.</summary>
public static class Ids
{
    private static long _next = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);

    public static string Next() =>
        "1" + Interlocked.Increment(ref _next).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}

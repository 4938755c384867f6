namespace FastIo.Orleans.Grains.Persistence;

/// <summary>PostgreSQL keeps microseconds; times are cut to that before use so what is answered is what is
/// stored.</summary>
public static class Microseconds
{
    public static DateTime Truncate(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }
}

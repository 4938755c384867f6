namespace FastIo.Orleans.LoadTest;

/// <summary>Prints the first failures in full, then only says that more were counted.</summary>
public sealed class ErrorLog(TextWriter output, int limit = 20)
{
    private int _written;

    public void Write(string message)
    {
        var n = Interlocked.Increment(ref _written);
        if (n <= limit)
        {
            output.WriteLine($"  {DateTime.UtcNow:HH:mm:ss.fff} {message}");
        }
        else if (n == limit + 1)
        {
            output.WriteLine($"  (more failures are counted but not printed)");
        }
    }
}

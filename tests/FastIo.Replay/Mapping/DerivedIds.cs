using System.Security.Cryptography;
using System.Text;

namespace FastIo.Orleans.Replay.Mapping;

/// <summary>
/// Deterministic 20-digit profile and object IDs for things the hour implies but does not name (a fork's
/// share, a branch folder, synthetic profiles). The same parts always give the same ID.
/// </summary>
public static class DerivedIds
{
    private const ulong Smallest = 10_000_000_000_000_000_000UL;
    private const ulong Span = 18_446_744_073_709_551_615UL - Smallest + 1;

    public static string From(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        var value = BitConverter.ToUInt64(hash, 0);

        // Staying within [10^19, 2^64) keeps exactly twenty digits without a leading zero.
        return (Smallest + value % Span).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A short lower-case hex tag for synthetic names such as <c>repo-1a2b3c4d</c>.</summary>
    public static string Tag(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return Convert.ToHexStringLower(hash, 0, 4);
    }
}

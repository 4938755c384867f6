using System.Globalization;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Events;

/// <summary>
/// Event IDs name the profile whose log holds the event and the event's place in that log, so any
/// gateway can route a details or acknowledgement request to the one grain that owns it, and IDs sort in
/// commit order within a profile. Clients treat them as opaque.
/// </summary>
public static class EventIds
{
    public const int MaxLength = 64;
    private const char Prefix = 'e';
    private const int SequenceDigits = 12;
    private const int Length = 1 + ProfileIds.Length + SequenceDigits;

    public static string Create(string profileId, long sequence) =>
        Prefix + profileId + sequence.ToString("D12", CultureInfo.InvariantCulture);

    /// <summary>True when the value has the public shape of an event ID: URL-safe, 1 to 64 characters.</summary>
    public static bool IsWellFormed(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Finds the owning profile; false for a well-formed ID that this product never issued.</summary>
    public static bool TryGetProfile(string eventId, out string profileId)
    {
        profileId = string.Empty;
        if (eventId.Length != Length || eventId[0] != Prefix)
        {
            return false;
        }

        var profile = eventId.Substring(1, ProfileIds.Length);
        var sequence = eventId.AsSpan(1 + ProfileIds.Length);
        foreach (var c in sequence)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        if (!ProfileIds.IsValid(profile))
        {
            return false;
        }

        profileId = profile;
        return true;
    }
}

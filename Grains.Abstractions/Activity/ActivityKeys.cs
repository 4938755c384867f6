using System.Collections.Frozen;

namespace FastIo.Orleans.Activity;

/// <summary>
/// Activity keys name what changed in a profile: a profile-level key such as <c>storage</c>, or a per-object
/// key such as <c>storage:{fileId}</c>. Both name sets are fixed, so a profile's profile-level keys are few
/// and the poll's <c>fields</c> can be checked.
/// </summary>
public static class ActivityKeys
{
    public const int MaxObjectIdLength = 128;

    /// <summary>At most this many keys in one ingestion item's <c>activity</c> array.</summary>
    public const int MaxKeysPerItem = 100;

    /// <summary>Keys a profile holds once each.</summary>
    public static readonly FrozenSet<string> ProfileLevel = new[]
    {
        "storage", "comments", "members", "settings", "security", "ai_chat", "ai", "upload", "metadata",
        "quickshare", "invitations", "billing", "workflow",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Prefixes of per-object keys (<c>{prefix}:{id}</c>).</summary>
    public static readonly FrozenSet<string> ObjectPrefixes = new[]
    {
        "storage", "comments", "member", "ai_chat", "preview", "upload", "metadata", "quickshare", "workflow",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsPerObject(string key) => key.Contains(':', StringComparison.Ordinal);

    /// <summary>A key is a profile-level name, or a known prefix, a colon and an object ID.</summary>
    public static bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? ProfileLevel.Contains(key)
            : ObjectPrefixes.Contains(key[..colon]) && IsObjectId(key.AsSpan(colon + 1));
    }

    /// <summary>
    /// The per-object key of an object, or null when the object ID cannot be part of a key: keys travel in
    /// comma-separated query parameters, so IDs are printable ASCII without spaces or commas.
    /// </summary>
    public static string? ForObject(string prefix, string? objectId) =>
        objectId is not null && IsObjectId(objectId) ? prefix + ":" + objectId : null;

    public static bool IsObjectId(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > MaxObjectIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is < '!' or > '~' or ',')
            {
                return false;
            }
        }

        return true;
    }
}

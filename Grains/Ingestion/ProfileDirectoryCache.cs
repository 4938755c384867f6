using System.Collections.Concurrent;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Grains.Ingestion;

/// <summary>
/// The directory entries of profiles this silo has seen. An entry is cached only once its profile exists,
/// because from then on it never changes; so validating a batch needs no call to profiles already known.
/// Bounded: when full it is cleared and refilled, which costs one call per profile again.
/// </summary>
public sealed class ProfileDirectoryCache
{
    private const int MaxEntries = 200_000;
    private readonly ConcurrentDictionary<string, ProfileDirectoryEntry> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string profileId, out ProfileDirectoryEntry entry) =>
        _entries.TryGetValue(profileId, out entry!);

    public void Remember(string profileId, ProfileDirectoryEntry entry)
    {
        if (entry.Kind == ProfileKind.Unknown)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[profileId] = entry;
    }
}

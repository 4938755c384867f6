using System.Text.Json.Serialization;
using FastIo.Orleans.Activity;
using FastIo.Orleans.Grains.Persistence;

namespace FastIo.Orleans.Grains.Profiles;

public sealed partial class ProfileState
{
    private ActivityState? _activity;

    /// <summary>Per activity key, when it last changed; part of the snapshot.</summary>
    public ActivityState Activity
    {
        get => _activity ??= new ActivityState();
        set => _activity = value;
    }

    /// <summary>False for a state read from a snapshot written before activity was kept.</summary>
    [JsonIgnore]
    public bool HasActivity => _activity is not null;

    /// <summary>The keys an event touches on this profile (see <see cref="ActivityKeyMap"/>).</summary>
    public static IReadOnlyList<string> ActivityKeysOf(StoredEvent e)
    {
        if (ActivityKeyMap.GoesToUploader(e.Subcategory) && e.ProfileId != e.CallingUserId)
        {
            // Recorded in a shared profile: the uploader's own profile gets the keys instead.
            return [];
        }

        return ActivityKeyMap.KeysOf(e.Name, e.Subcategory, e.Visibility, e.ObjectId, e.UserId);
    }

    /// <summary>
    /// Stamps the event's keys with its commit time, never with <see cref="StoredEvent.Created"/>, which may
    /// be a past <c>occurred_at</c>.
    /// </summary>
    partial void ApplyToActivity(StoredEvent e)
    {
        var at = ActivityState.ToMicros(e.Committed);
        foreach (var key in ActivityKeysOf(e))
        {
            Activity.Touch(key, at);
        }
    }
}

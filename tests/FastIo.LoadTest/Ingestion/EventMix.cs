using FastIo.Orleans.Activity;
using FastIo.Orleans.Events;
using FastIo.Orleans.Replay.Mapping;

namespace FastIo.Orleans.LoadTest.Ingestion;

/// <summary>
/// The events the load sends, each on a fresh object so its per-object activity key names that one event. The
/// key is derived by the product's own <see cref="ActivityKeyMap"/>, so the check follows the product.
/// </summary>
public sealed class EventMix
{
    private static readonly string[] Names =
    [
        "workspace_storage_file_added", "workspace_storage_file_updated", "workspace_storage_folder_created",
        "comment_created", "ai_chat_new_message", "metadata_kv_update",
    ];

    private readonly Population _population;

    public EventMix(Population population)
    {
        _population = population;

        // Every name must give exactly one per-object key, or the miss check would have nothing to look for.
        foreach (var name in Names)
        {
            _ = ObjectKey(name, "probe");
        }
    }

    /// <summary>The prefix of every object ID of this run, so clients can skip every other key.</summary>
    public string ObjectPrefix => $"ld{_population.Run}-";

    public LoadEvent Next(long n, int profile)
    {
        var name = Names[n % Names.Length];
        var objectId = $"{ObjectPrefix}{n}";
        var item = new ProductEvent
        {
            Event = name,
            CallingUserId = _population.UserId,
            CallingUserName = "Load Tester",
            OrgId = _population.OrgId,
            WorkspaceId = _population.Workspaces[profile],
            ObjectId = objectId,
            OccurredAt = DateTimeOffset.UtcNow,
            IdempotencyKey = $"load-{_population.Run}-{n}",
            Details = new Dictionary<string, object> { ["filename"] = $"load-{n}.txt", ["name"] = $"load {n}" },
        };
        return new LoadEvent(item, profile, ObjectKey(name, objectId));
    }

    private static string ObjectKey(string name, string objectId)
    {
        if (!EventCatalog.TryGet(name, out var definition))
        {
            throw new InvalidOperationException($"{name} is not in the event catalog");
        }

        var keys = ActivityKeyMap.KeysOf(name, definition.Subcategory, definition.Visibility, objectId, null)
            .Where(ActivityKeys.IsPerObject).ToList();
        return keys.Count == 1
            ? keys[0]
            : throw new InvalidOperationException($"{name} sets {keys.Count} per-object keys, not one");
    }
}

/// <summary>One event to send: the ingestion item, the index of its workspace, the per-object key it sets.</summary>
public sealed record LoadEvent(ProductEvent Item, int Profile, string Key);

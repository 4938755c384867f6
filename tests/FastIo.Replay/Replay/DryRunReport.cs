using System.Text.Json;
using FastIo.Orleans.Replay.Http;
using FastIo.Orleans.Replay.Mapping;

namespace FastIo.Orleans.Replay.Replay;

/// <summary>Maps a source without sending anything and prints what a replay would send.</summary>
public static class DryRunReport
{
    public static ActivityTally Run(ReplaySource source, int batchSize, double? speed, TextWriter output)
    {
        var tally = new ActivityTally();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var examples = new Dictionary<string, ProductEvent>();
        foreach (var batch in source.Batches(batchSize, Replayer.BatchWindow(speed)))
        {
            tally.Add(batch);
            foreach (var item in batch.Events)
            {
                keys.Add(item.IdempotencyKey);
                examples.TryAdd(item.Event, item);
            }
        }

        var profiles = source.Profiles;
        output.WriteLine($"Dry run of {source.Description}: nothing sent.");
        output.WriteLine($"  source events {profiles.SourceEventCount:N0}, from {profiles.HourStart:u}");
        output.WriteLine($"  profiles: {profiles.Users.Count:N0} users, {profiles.Orgs.Count:N0} orgs, " +
            $"{profiles.Workspaces.Count:N0} workspaces");
        output.WriteLine($"  {tally.Items:N0} events in {tally.Batches:N0} batches of at most {batchSize}");
        output.WriteLine();
        output.WriteLine("  by phase:");
        foreach (var (phase, count) in tally.ByPhase)
        {
            output.WriteLine($"    {ProgressMeter.Describe(phase),-38} {count,9:N0}");
        }

        output.WriteLine("  by event:");
        foreach (var (name, count) in tally.ByEvent.OrderByDescending(pair => pair.Value)
                     .ThenBy(pair => pair.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"    {name,-38} {count,9:N0}");
        }

        // A repeated key would make the server keep only the first of two different items.
        var repeated = tally.Items - keys.Count;
        output.WriteLine(repeated == 0
            ? $"  idempotency keys: all {keys.Count:N0} distinct"
            : $"  idempotency keys: {repeated:N0} REPEATED; those items would be lost");

        PrintBusiest(profiles, tally, output);
        output.WriteLine();
        output.WriteLine("  first item of each event, as sent:");
        foreach (var example in examples.Values)
        {
            output.WriteLine($"    {JsonSerializer.Serialize(example, ApiJson.Options)}");
        }

        return tally;
    }

    private static void PrintBusiest(ProfileDirectory profiles, ActivityTally tally, TextWriter output)
    {
        output.WriteLine();
        if (tally.BusiestWorkspace is { } busiest)
        {
            var workspace = profiles.Workspace(busiest.Id);
            output.WriteLine($"  busiest workspace {workspace.Name} ({workspace.Id}): {busiest.Count} events, " +
                $"{tally.ForWorkspace(workspace.Id, CatalogNames.CommentCreated)} comments, " +
                $"{workspace.Members.Count} members, owner {workspace.Owner.Name} ({workspace.Owner.Id})");
        }

        if (tally.BusiestOrg is { } org)
        {
            var profile = profiles.Orgs.First(candidate => candidate.Id == org.Id);
            output.WriteLine($"  busiest org {profile.Name} ({profile.Id}): {org.Count} events, " +
                $"{profile.Members.Count} members, owner {profile.Owner.Name}");
        }
    }
}

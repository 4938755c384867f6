using System.Diagnostics;
using FastIo.Orleans.Replay.Mapping;

namespace FastIo.Orleans.Replay.Replay;

/// <summary>Prints how far the replay has got, at most once a second and at every phase change.</summary>
public sealed class ProgressMeter(TextWriter output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastPrinted = TimeSpan.Zero;
    private int _itemsAtLastPrint;
    private ReplayPhase? _phase;

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Report(ActivityBatch batch, ActivityTally tally)
    {
        var phaseChanged = _phase != batch.Phase;
        _phase = batch.Phase;
        if (!phaseChanged && _clock.Elapsed - _lastPrinted < Interval)
        {
            return;
        }

        // The rate since the last line, so a paced hour shows its own pace rather than the profiles' burst.
        var now = _clock.Elapsed;
        var recent = (tally.Items - _itemsAtLastPrint) / Math.Max((now - _lastPrinted).TotalSeconds, 0.001);
        _lastPrinted = now;
        _itemsAtLastPrint = tally.Items;
        output.WriteLine(
            $"  [{now.TotalSeconds,7:0.0} s] {Describe(batch.Phase),-18} " +
            $"{tally.Items,10:N0} events sent in {tally.Batches,6:N0} batches, {recent,8:N0} events/s");
    }

    public void Summarise(ActivityTally tally)
    {
        output.WriteLine();
        output.WriteLine(
            $"Sent {tally.Items:N0} events in {tally.Batches:N0} batches in {_clock.Elapsed.TotalSeconds:0.0} s " +
            $"({Rate(tally.Items):N0} events/s).");
        foreach (var (phase, count) in tally.ByPhase)
        {
            output.WriteLine($"  {Describe(phase),-18} {count,10:N0}");
        }
    }

    public static string Describe(ReplayPhase phase) => phase switch
    {
        ReplayPhase.Users => "users",
        ReplayPhase.Orgs => "orgs",
        ReplayPhase.Workspaces => "workspaces",
        ReplayPhase.OrgMembers => "org members",
        ReplayPhase.WorkspaceMembers => "workspace members",
        _ => "the hour",
    };

    private double Rate(int items) => items / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
}

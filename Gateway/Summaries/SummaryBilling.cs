using FastIo.Orleans.Gateway.Events;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>The org a summary is billed to, or why there is none.</summary>
public sealed record SummaryPayer(string? OrgId, string? Unavailable)
{
    public static SummaryPayer Of(string orgId) => new(orgId, null);

    public static SummaryPayer None(string reason) => new(null, reason);
}

/// <summary>
/// Finds the billable org behind the profile searched, from billing state folded from the org's billing
/// events. An org pays for its own summaries and for those of its workspaces and shares.
/// </summary>
/// <remarks>
/// A user's own events span orgs, so a <c>user_id</c> summary has no single org by its profile. It is
/// billed to the org its events name most often among those that are billable and that the caller belongs
/// to (the busiest few are asked); with none, there is no summary. A workspace outside any org has no payer.
/// </remarks>
public static class SummaryBilling
{
    /// <summary>How many of a user's orgs are asked, the most frequent in the events first.</summary>
    public const int MaxUserOrgs = 5;

    public static async Task<SummaryPayer> FindAsync(
        IGrainFactory grains, EventSearch search, IReadOnlyList<SummaryEvent> events, string callerId)
    {
        if (search.Request.Target == SearchTarget.Org)
        {
            return await BillableAsync(grains, search.Request.TargetId);
        }

        if (search.Request.Target == SearchTarget.User || search.ProfileId is null)
        {
            return await ForUserAsync(grains, events, callerId);
        }

        var entry = await grains.GetProfile(search.ProfileId).GetDirectoryEntryAsync();
        return entry.Kind switch
        {
            ProfileKind.Org => await BillableAsync(grains, search.ProfileId),
            ProfileKind.Workspace or ProfileKind.Share when entry.OrgId is { } org => await BillableAsync(grains, org),
            ProfileKind.Workspace or ProfileKind.Share => SummaryPayer.None(SummaryUnavailable.NoOrg),
            _ => await ForUserAsync(grains, events, callerId),
        };
    }

    private static async Task<SummaryPayer> BillableAsync(IGrainFactory grains, string orgId)
    {
        var billing = await grains.GetProfile(orgId).GetBillingAsync();
        return billing.Billable ? SummaryPayer.Of(orgId) : SummaryPayer.None(SummaryUnavailable.OrgNotBillable);
    }

    private static async Task<SummaryPayer> ForUserAsync(
        IGrainFactory grains, IReadOnlyList<SummaryEvent> events, string callerId)
    {
        var orgs = events.Select(e => e.View.OrgId).OfType<string>()
            .GroupBy(id => id, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(MaxUserOrgs)
            .Select(g => g.Key)
            .ToList();
        if (orgs.Count == 0)
        {
            return SummaryPayer.None(SummaryUnavailable.NoOrg);
        }

        var checks = await Task.WhenAll(orgs.Select(async org =>
        {
            var grain = grains.GetProfile(org);
            var billing = grain.GetBillingAsync();
            var access = grain.GetAccessAsync(callerId);
            return (Org: org, (await billing).Billable, (await access).CanView);
        }));
        return checks.FirstOrDefault(c => c.Billable && c.CanView) is { Org: { } payer }
            ? SummaryPayer.Of(payer)
            : SummaryPayer.None(SummaryUnavailable.OrgNotBillable);
    }
}

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// Why an answer carries <c>summary: null</c>, given as <c>summary_unavailable</c> beside it. The events
/// are returned in every case; only the summary is missing.
/// </summary>
public static class SummaryUnavailable
{
    /// <summary>The search matched nothing, so there is nothing to summarise.</summary>
    public const string NoEvents = "no_events";

    /// <summary>No org stands behind the profile (a workspace outside any org; a user in none).</summary>
    public const string NoOrg = "no_org";

    /// <summary>The org behind the profile has no active, trialing or past-due subscription.</summary>
    public const string OrgNotBillable = "org_not_billable";

    /// <summary>The generator did not answer within <c>Summaries:Timeout</c>.</summary>
    public const string TimedOut = "generation_timed_out";

    /// <summary>The generator failed or wrote nothing usable, or a lookup the summary needs failed.</summary>
    public const string Failed = "generation_failed";
}

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// How an event reads in a sentence: "{verb} 3 {plural}" for what one person did ("updated 3 files") and
/// "3 {plural} {participle}" in a tally ("3 files updated"). Events of the same kind in workspaces and
/// shares share a phrase, so they are counted together. <see cref="Counts"/> says what the noun counts:
/// "3 files" are three distinct objects, "3 members" three distinct users, "3 comments" three events.
/// </summary>
public sealed record ActivityPhrase(
    string Key,
    string Verb,
    string Participle,
    string Singular,
    string Plural,
    PhraseCounts Counts = PhraseCounts.Events)
{
    public string Noun(int count) => count == 1 ? Singular : Plural;

    public string Action(int count) => $"{Verb} {Count(count)} {Noun(count)}";

    public string Tally(int count) => $"{count} {Noun(count)} {Participle}";

    private string Count(int count) =>
        count == 1 ? Article(Singular) : count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"a" or "an" by the noun's first sound; "user" and "unit" start with a consonant sound.</summary>
    public static string Article(string noun)
    {
        var word = noun.ToLowerInvariant();
        var vowelSound = "aeiou".Contains(word[0])
            && !word.StartsWith("us", StringComparison.Ordinal)
            && !word.StartsWith("uni", StringComparison.Ordinal);
        return vowelSound ? "an" : "a";
    }

    public static ActivityPhrase For(string eventName)
    {
        var action = eventName.StartsWith("workspace_storage_", StringComparison.Ordinal) ? eventName[18..]
            : eventName.StartsWith("share_storage_", StringComparison.Ordinal) ? eventName[14..]
            : eventName;
        return action switch
        {
            "file_added" => new(action, "added", "added", "file", "files", PhraseCounts.Objects),
            "file_updated" => new(action, "updated", "updated", "file", "files", PhraseCounts.Objects),
            "file_deleted" => new(action, "deleted", "deleted", "file", "files", PhraseCounts.Objects),
            "file_moved" => new(action, "moved", "moved", "file", "files", PhraseCounts.Objects),
            "file_copied" => new(action, "copied", "copied", "file", "files", PhraseCounts.Objects),
            "file_restored" => new(action, "restored", "restored", "file", "files", PhraseCounts.Objects),
            "file_version_restored" => new(action, "restored", "restored", "file version", "file versions"),
            "folder_created" => new(action, "created", "created", "folder", "folders", PhraseCounts.Objects),
            "folder_deleted" => new(action, "deleted", "deleted", "folder", "folders", PhraseCounts.Objects),
            "folder_moved" => new(action, "moved", "moved", "folder", "folders", PhraseCounts.Objects),
            "download_token_created" => new(action, "created", "created", "download link", "download links"),
            "zip_downloaded" => new(action, "downloaded", "downloaded", "zip archive", "zip archives"),
            "link_added" => new(action, "added", "added", "link", "links"),
            "upload_session_created" => new(action, "started", "started", "upload", "uploads"),
            "upload_completed" => new(action, "completed", "completed", "upload", "uploads"),
            "upload_failed" => new(action, "had", "failed", "failed upload", "failed uploads"),
            "comment_created" => new(action, "wrote", "written", "comment", "comments"),
            "comment_replied" => new(action, "wrote", "written", "reply", "replies"),
            "comment_updated" => new(action, "edited", "edited", "comment", "comments"),
            "comment_deleted" => new(action, "deleted", "deleted", "comment", "comments"),
            "comment_reaction" => new(action, "added", "added", "reaction", "reactions"),
            "comment_mentioned" => new(action, "sent", "sent", "mention", "mentions"),
            "added_member_to_org" or "added_member_to_workspace" or "added_member_to_share" =>
                Membership(action, "added", action[16..]),
            "removed_member_from_org" or "removed_member_from_workspace" or "removed_member_from_share" =>
                Membership(action, "removed", action[20..]),
            "membership_updated" =>
                new(action, "changed", "changed", "member role", "member roles", PhraseCounts.Targets),
            "user_created" => new(action, "created", "created", "user account", "user accounts"),
            "user_updated" => new(action, "made", "made", "profile update", "profile updates"),
            "org_created" => new(action, "created", "created", "org", "orgs"),
            "org_updated" => new(action, "made", "made", "org update", "org updates"),
            "workspace_created" => new(action, "created", "created", "workspace", "workspaces"),
            "workspace_updated" => new(action, "made", "made", "workspace update", "workspace updates"),
            "share_created" => new(action, "created", "created", "share", "shares"),
            "share_updated" => new(action, "made", "made", "share update", "share updates"),
            "task_created" => new(action, "opened", "opened", "task", "tasks", PhraseCounts.Objects),
            "task_updated" => new(action, "updated", "updated", "task", "tasks", PhraseCounts.Objects),
            "task_completed" => new(action, "completed", "completed", "task", "tasks", PhraseCounts.Objects),
            "task_deleted" => new(action, "deleted", "deleted", "task", "tasks", PhraseCounts.Objects),
            "workspace_quickshare_file_previewed" =>
                new(action, "previewed", "previewed", "quick share", "quick shares"),
            "workspace_quickshare_file_downloaded" =>
                new(action, "downloaded", "downloaded", "quick share file", "quick share files"),
            "workspace_settings_updated" or "share_settings_updated" or "org_settings_updated" =>
                new("settings_updated", "changed", "changed", "setting", "settings"),
            "ai_chat_created" => new(action, "started", "started", "AI chat", "AI chats"),
            "ai_chat_new_message" => new(action, "sent", "sent", "AI chat message", "AI chat messages"),
            "node_ai_summary_created" => new(action, "generated", "generated", "AI file summary", "AI file summaries"),
            "subscription_created" => new(action, "started", "started", "subscription", "subscriptions"),
            "subscription_updated" => new(action, "made", "made", "subscription change", "subscription changes"),
            "subscription_cancelled" => new(action, "cancelled", "cancelled", "subscription", "subscriptions"),
            "invoice_paid" => new(action, "paid", "paid", "invoice", "invoices"),
            "invoice_payment_failed" => new(action, "had", "had", "failed invoice payment", "failed invoice payments"),
            "events_summary_generated" => new(action, "generated", "generated", "event summary", "event summaries"),
            _ => new(action, "recorded", "recorded", Spaced(action) + " event", Spaced(action) + " events"),
        };
    }

    /// <summary>Members of orgs, workspaces and shares are told apart: "added 3 workspace members".</summary>
    private static ActivityPhrase Membership(string action, string verb, string profile) =>
        new(action, verb, verb, profile + " member", profile + " members", PhraseCounts.Targets);

    private static string Spaced(string name) => name.Replace('_', ' ');
}

/// <summary>What the noun of a phrase counts.</summary>
public enum PhraseCounts
{
    /// <summary>Each event is one (comments, settings changes).</summary>
    Events,

    /// <summary>Each distinct <c>object_id</c> is one (files, folders, tasks).</summary>
    Objects,

    /// <summary>Each distinct target user is one (members added or removed).</summary>
    Targets,
}

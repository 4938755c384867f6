namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>What a mention pill in a summary names; each has its own pill format.</summary>
public enum MentionKind
{
    User,
    File,
    Folder,
    Workspace,
    Share,
}

public static class MentionKinds
{
    /// <summary>The word a pill starts with: <c>@[user:...]</c>, <c>@[file:...]</c> and so on.</summary>
    public static string Token(this MentionKind kind) => kind switch
    {
        MentionKind.User => "user",
        MentionKind.File => "file",
        MentionKind.Folder => "folder",
        MentionKind.Workspace => "workspace",
        _ => "share",
    };

    /// <summary>Reads a pill's type word; generators sometimes capitalise it, which is forgiven.</summary>
    public static bool TryParse(string token, out MentionKind kind)
    {
        switch (token.Trim().ToLowerInvariant())
        {
            case "user":
                kind = MentionKind.User;
                return true;
            case "file":
                kind = MentionKind.File;
                return true;
            case "folder":
                kind = MentionKind.Folder;
                return true;
            case "workspace":
                kind = MentionKind.Workspace;
                return true;
            case "share":
                kind = MentionKind.Share;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}

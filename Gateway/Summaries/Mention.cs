using System.Text;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// Something a summary may name, as <c>@[type:ID:name]</c>. The ID and name always come from events the
/// caller was shown, never from generated text, so a pill can only point at what the caller may see.
/// </summary>
public sealed record Mention(MentionKind Kind, string Id, string Name)
{
    public const int MaxNameLength = 120;
    public const int MaxIdLength = 128;

    public string Pill => $"@[{Kind.Token()}:{Id}:{Name}]";

    /// <summary>
    /// A mention when the ID fits in a pill and a readable name is left once the characters that would end
    /// or split a pill are replaced; null otherwise, so the thing is then never pilled.
    /// </summary>
    public static Mention? Create(MentionKind kind, string? id, string? name)
    {
        if (!IsPillId(kind, id) || PillName(name) is not { } display)
        {
            return null;
        }

        return new Mention(kind, id!, display);
    }

    /// <summary>
    /// Profile IDs are 20 digits. File and folder IDs are opaque, so any that would break the pill's
    /// syntax (a colon, a bracket, an <c>@</c> or white space) is left out rather than altered.
    /// </summary>
    public static bool IsPillId(MentionKind kind, string? id)
    {
        if (kind is MentionKind.User or MentionKind.Workspace or MentionKind.Share)
        {
            return ProfileIds.IsValid(id);
        }

        return id is { Length: > 0 and <= MaxIdLength }
            && id.All(c => !char.IsWhiteSpace(c) && !char.IsControl(c) && c is not (':' or '[' or ']' or '@'));
    }

    /// <summary>
    /// A name as it may stand inside a pill: brackets become parentheses (a <c>]</c> would end the pill),
    /// control characters and runs of white space become one space, and long names are shortened.
    /// </summary>
    public static string? PillName(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var builder = new StringBuilder(Math.Min(name.Length, MaxNameLength));
        var pendingSpace = false;
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c switch
            {
                '[' => '(',
                ']' => ')',
                _ => c,
            });
        }

        if (builder.Length == 0)
        {
            return null;
        }

        return builder.Length <= MaxNameLength ? builder.ToString() : builder.ToString(0, MaxNameLength - 1) + "…";
    }
}

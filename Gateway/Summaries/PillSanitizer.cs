using System.Text;
using System.Text.RegularExpressions;

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>What the sanitiser did to one generated text.</summary>
public sealed record SanitizedText(string Text, int Kept, int Repaired, int Removed);

/// <summary>
/// Makes generated text safe to return. A pill whose type and ID are in the allow-list is kept, with the
/// name the events give (a generator may misspell or embellish it); any other pill, well-formed or
/// garbled, becomes plain text. Links are dropped (event fields are untrusted, and a summary has no
/// business sending readers elsewhere), control characters go, white space is folded into single spaces,
/// and the text is capped without cutting a pill in half.
/// </summary>
public static partial class PillSanitizer
{
    public const int MaxTextLength = 2000;

    public static SanitizedText Sanitize(string text, MentionCatalog catalog)
    {
        var output = new StringBuilder(Math.Min(text.Length, MaxTextLength + 200));
        var (kept, repaired, removed) = (0, 0, 0);
        var position = 0;
        foreach (Match match in Pill().Matches(text))
        {
            output.Append(Plain(text[position..match.Index]));
            position = match.Index + match.Length;

            var (kind, id, name) = Parts(match.Groups[1].Value);
            if (kind is { } k && id is not null && catalog.TryGet(k, id, out var mention))
            {
                output.Append(mention.Pill);
                kept++;
                if (name != mention.Name || match.Value != mention.Pill)
                {
                    repaired++;
                }

                continue;
            }

            // Not a pill this answer may carry: keep only its words, so the sentence still reads.
            output.Append(Plain(name ?? string.Empty));
            removed++;
        }

        output.Append(Plain(text[position..]));
        return new SanitizedText(Cap(Whitespace().Replace(output.ToString(), " ").Trim()), kept, repaired, removed);
    }

    /// <summary>Splits <c>type:ID:name</c>; the name may itself hold colons.</summary>
    private static (MentionKind? Kind, string? Id, string? Name) Parts(string inner)
    {
        var first = inner.IndexOf(':', StringComparison.Ordinal);
        if (first < 0)
        {
            return (null, null, inner);
        }

        var second = inner.IndexOf(':', first + 1);
        var id = (second < 0 ? inner[(first + 1)..] : inner[(first + 1)..second]).Trim();
        var name = second < 0 ? null : inner[(second + 1)..];
        return (MentionKinds.TryParse(inner[..first], out var kind) ? kind : null, id, name);
    }

    /// <summary>Text outside pills: no links, no control characters, and no half-pill left behind.</summary>
    private static string Plain(string text)
    {
        var withoutLinks = Link().Replace(text, "(link removed)");
        var builder = new StringBuilder(withoutLinks.Length);
        foreach (var c in withoutLinks)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.Replace("@[", "[").ToString();
    }

    private static string Cap(string text)
    {
        if (text.Length <= MaxTextLength)
        {
            return text;
        }

        var pills = Pill().Matches(text).Select(m => (Start: m.Index, End: m.Index + m.Length)).ToList();
        bool InsidePill(int index) => pills.Any(p => index > p.Start && index < p.End);

        // Prefer ending on a whole sentence; otherwise cut before the pill that crosses the limit.
        for (var end = text.LastIndexOf(". ", MaxTextLength - 1, StringComparison.Ordinal);
             end > MaxTextLength / 2;
             end = text.LastIndexOf(". ", end - 1, StringComparison.Ordinal))
        {
            if (!InsidePill(end))
            {
                return text[..(end + 1)];
            }
        }

        var cut = MaxTextLength - 1;
        foreach (var (start, _) in pills.Where(p => p.Start < cut && p.End > cut))
        {
            cut = start;
        }

        if (char.IsLowSurrogate(text[cut]))
        {
            cut--;
        }

        return text[..cut].TrimEnd() + "…";
    }

    [GeneratedRegex(@"@\[([^\[\]\r\n]{0,400})\]")]
    private static partial Regex Pill();

    [GeneratedRegex(@"\b(?:https?|ftp)://\S+|\bwww\.\S+", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

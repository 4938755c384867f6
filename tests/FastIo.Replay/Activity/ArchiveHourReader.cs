using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace FastIo.Orleans.Replay.Activity;

/// <summary>Reads a GH Archive hour (gzip-compressed JSON lines) into <see cref="GhEvent"/>s, in file order.</summary>
public static class ArchiveHourReader
{
    public const string DefaultFileName = "gharchive-2015-01-01-12.pseudonymized.jsonl.gz";

    public static IEnumerable<GhEvent> Read(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);

        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            yield return Parse(line, path, lineNumber);
        }
    }

    private static GhEvent Parse(string line, string path, int lineNumber)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;

            return new GhEvent(
                Id: root.GetProperty("id").GetString()!,
                Type: root.GetProperty("type").GetString()!,
                CreatedAt: DateTimeOffset.Parse(
                    root.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture),
                Actor: ReadAccount(root.GetProperty("actor")),
                Repo: ReadAccount(root.GetProperty("repo")),
                Org: root.TryGetProperty("org", out var org) ? ReadAccount(org) : null,
                Payload: ReadPayload(root.GetProperty("payload")));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException
                                       or FormatException)
        {
            throw new InvalidDataException($"{path}:{lineNumber}: not a GH Archive event ({e.Message})", e);
        }
    }

    private static GhAccount ReadAccount(JsonElement element) =>
        new(element.GetProperty("id").GetString()!, element.GetProperty("name").GetString()!);

    private static GhPayload ReadPayload(JsonElement payload)
    {
        var comment = Child(payload, "comment");
        var release = Child(payload, "release");
        var pullRequest = Child(payload, "pull_request");

        return new GhPayload
        {
            Action = String(payload, "action"),
            RefType = String(payload, "ref_type"),
            Ref = String(payload, "ref"),
            CommitShas = Array(payload, "commits", commit => commit.GetProperty("sha").GetString()!),
            Pages = Array(payload, "pages", page => new GhPage(
                page.GetProperty("page").GetString()!, page.GetProperty("action").GetString()!)),
            IssueId = String(Child(payload, "issue"), "id"),
            PullRequestId = String(pullRequest, "id"),
            Number = Int(payload, "number") ?? Int(Child(payload, "issue"), "number"),
            Merged = pullRequest is { } pr && pr.TryGetProperty("merged", out var merged)
                && merged.ValueKind is JsonValueKind.True or JsonValueKind.False ? merged.GetBoolean() : null,
            CommentId = String(comment, "id"),
            CommentLength = Int(comment, "length"),
            CommentPath = String(comment, "path"),
            Member = Child(payload, "member") is { } member ? ReadAccount(member) : null,
            Forkee = Child(payload, "forkee") is { } forkee ? ReadAccount(forkee) : null,
            ReleaseId = String(release, "id"),
            ReleaseAssets = Int(release, "assets"),
        };
    }

    private static JsonElement? Child(JsonElement? parent, string name) =>
        parent is { } element && element.TryGetProperty(name, out var child)
            && child.ValueKind == JsonValueKind.Object ? child : null;

    private static string? String(JsonElement? parent, string name) =>
        parent is { } element && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement? parent, string name) =>
        parent is { } element && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static IReadOnlyList<T> Array<T>(JsonElement parent, string name, Func<JsonElement, T> read) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(read).ToList()
            : [];
}

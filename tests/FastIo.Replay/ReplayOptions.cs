using System.Globalization;
using FastIo.Orleans.Replay.Http;

namespace FastIo.Orleans.Replay;

/// <summary>The command line, with its defaults in one place and checked before anything runs.</summary>
public sealed record ReplayOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const int DefaultBatch = 500;

    public Uri Url { get; init; } = new(DefaultUrl + "/");

    /// <summary>The GH Archive hour; null means the default location beside the repository.</summary>
    public string? File { get; init; }

    public bool Synthetic { get; init; }

    public double Scale { get; init; } = 1;

    public int Seed { get; init; } = 1;

    public int Batch { get; init; } = DefaultBatch;

    /// <summary>The hour's pacing sped up by this factor; null sends as fast as possible.</summary>
    public double? Speed { get; init; }

    public string SigningKey { get; init; } =
        Environment.GetEnvironmentVariable("Auth__SigningKey") is { Length: > 0 } key
            ? key
            : TokenMinter.DevelopmentSigningKey;

    public bool DryRun { get; init; }

    public bool Search { get; init; } = true;

    public bool Help { get; init; }

    public const string Usage = """
        fastio-replay: replays one real hour of GH activity (or a synthetic one) through the ingestion API.

        usage: fastio-replay [options]
          --url URL            gateway base address (default http://127.0.0.1:5080)
          --file PATH          GH Archive hour (default
                               <repo>/../shared/data/gharchive-2015-01-01-12.pseudonymized.jsonl.gz)
          --synthetic          generate an hour with the real hour's shape instead of reading the file
          --scale F            synthetic size: F x 8,273 GH events (default 1)
          --seed N             synthetic seed (default 1)
          --batch N            events per request, 1-1000 (default 500)
          --speed X            keep the hour's pacing, X times faster (60 = the hour in a minute);
                               default as fast as possible
          --signing-key KEY    HS256 key for the tokens (default env Auth__SigningKey, else the development key)
          --dry-run            map and print counts per event name; send nothing
          --no-search          skip the searches after the replay
          --help               this text

        exit codes: 0 done, 1 the API refused or failed, 2 bad arguments or missing data,
                    3 the server's count for the busiest workspace differs from the mapping's
        """;

    /// <summary>Reads the arguments; when they are wrong, says why on <paramref name="error"/>, gives null.</summary>
    public static ReplayOptions? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var options = new ReplayOptions();
        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                string Value() =>
                    i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value");
                options = args[i] switch
                {
                    "--url" => options with { Url = ParseUrl(Value()) },
                    "--file" => options with { File = Value() },
                    "--synthetic" => options with { Synthetic = true },
                    "--scale" => options with { Scale = Positive("--scale", Value()) },
                    "--seed" => options with { Seed = SeedValue(Value()) },
                    "--batch" => options with { Batch = BatchSize(Value()) },
                    "--speed" => options with { Speed = Positive("--speed", Value()) },
                    "--signing-key" => options with { SigningKey = Value() },
                    "--dry-run" => options with { DryRun = true },
                    "--no-search" => options with { Search = false },
                    "--help" or "-h" => options with { Help = true },
                    var unknown => throw new FormatException($"unknown option {unknown}"),
                };
            }
        }
        catch (FormatException e)
        {
            error.WriteLine($"fastio-replay: {e.Message}");
            error.WriteLine("Run with --help for the options.");
            return null;
        }

        if (options.Synthetic && options.File is not null)
        {
            error.WriteLine("fastio-replay: --file and --synthetic exclude each other.");
            return null;
        }

        return options;
    }

    // The trailing slash makes request paths resolve under any path prefix the gateway sits behind.
    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new FormatException($"--url must be an http or https address, not '{text}'");

    private static double Positive(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
        && value > 0 && double.IsFinite(value)
            ? value
            : throw new FormatException($"{name} must be a positive number, not '{text}'");

    private static int SeedValue(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"--seed must be a whole number, not '{text}'");

    private static int BatchSize(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
        && value is >= 1 and <= IngestClient.MaxBatch
            ? value
            : throw new FormatException($"--batch must be between 1 and {IngestClient.MaxBatch}, not '{text}'");
}

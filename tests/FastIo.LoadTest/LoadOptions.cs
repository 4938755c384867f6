using System.Globalization;
using System.Net;
using FastIo.Orleans.Replay.Http;

namespace FastIo.Orleans.LoadTest;

/// <summary>The command line, with its defaults and bounds in one place.</summary>
public sealed record LoadOptions
{
    public const string Usage = """
        usage: fastio-load [--url URL] [--signing-key KEY] [--seconds N] [--profiles N] [--ingest-rate N]
                           [--batch N] [--search-rate N] [--sockets N] [--polls N] [--grace N]
                           [--retry-seconds N] [--report FILE] [--ledger FILE] [--postgres CONNSTRING]
        """;

    public Uri Url { get; init; } = new("http://127.0.0.1:8080/");

    public string SigningKey { get; init; } = TokenMinter.DevelopmentSigningKey;

    public int Seconds { get; init; } = 30;

    public int Profiles { get; init; } = 50;

    public double IngestRate { get; init; } = 100;

    public int Batch { get; init; } = 50;

    public double SearchRate { get; init; } = 5;

    public int Sockets { get; init; } = 100;

    public int Polls { get; init; } = 100;

    /// <summary>How long after the last acknowledgement clients may still receive keys before misses count.</summary>
    public int GraceSeconds { get; init; } = 10;

    /// <summary>How long a batch is retried (5xx, no answer) before it is given up as unacknowledged.</summary>
    public int RetrySeconds { get; init; } = 120;

    public string? ReportFile { get; init; }

    public string? LedgerFile { get; init; }

    public string? Postgres { get; init; }

    public static LoadOptions? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var options = new LoadOptions();
        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                if (args[i] is "-h" or "--help")
                {
                    error.WriteLine(Usage);
                    return null;
                }

                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{args[i]} needs a value");
                }

                options = With(options, args[i], args[++i]);
            }

            return Validate(options);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            error.WriteLine($"fastio-load: {e.Message}");
            error.WriteLine(Usage);
            return null;
        }
    }

    private static LoadOptions With(LoadOptions o, string name, string value) => name switch
    {
        "--url" => o with { Url = new Uri(value.EndsWith('/') ? value : value + "/") },
        "--signing-key" => o with { SigningKey = value },
        "--seconds" => o with { Seconds = Int(name, value, 1, 3600) },
        "--profiles" => o with { Profiles = Int(name, value, 1, 10_000) },
        "--ingest-rate" => o with { IngestRate = Rate(name, value, 20_000) },
        "--batch" => o with { Batch = Int(name, value, 1, IngestClient.MaxBatch) },
        "--search-rate" => o with { SearchRate = Rate(name, value, 1_000) },
        "--sockets" => o with { Sockets = Int(name, value, 0, 9_000) },
        "--polls" => o with { Polls = Int(name, value, 0, 9_000) },
        "--grace" => o with { GraceSeconds = Int(name, value, 0, 300) },
        "--retry-seconds" => o with { RetrySeconds = Int(name, value, 1, 600) },
        "--report" => o with { ReportFile = value },
        "--ledger" => o with { LedgerFile = value },
        "--postgres" => o with { Postgres = value },
        _ => throw new FormatException($"unknown option {name}"),
    };

    // Load goes only to this machine: a mistyped URL must never aim it at a shared or production host.
    private static LoadOptions Validate(LoadOptions o)
    {
        if (o.Url.Scheme is not ("http" or "https") || !IsLoopback(o.Url.Host))
        {
            throw new FormatException($"--url must be http(s) on a loopback address, not {o.Url}");
        }

        if (o.Postgres is { } connection && !IsLoopback(PostgresHost(connection)))
        {
            throw new FormatException("--postgres must name a loopback Host");
        }

        return o;
    }

    private static string PostgresHost(string connection) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connection).Host ?? string.Empty;

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException($"{name} must be a whole number from {min} to {max}");

    private static double Rate(string name, string value, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && n <= max
            ? n
            : throw new FormatException($"{name} must be a number from 0 to {max}");
}

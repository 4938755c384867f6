using System.Globalization;

namespace FastIo.Orleans.ActivityBench;

/// <summary>What to run. Every count and time is bounded, so a run always ends.</summary>
public sealed record BenchOptions
{
    public const string DevelopmentSigningKey = "fastio-development-signing-key-0123456789abcdef";

    public Uri Url { get; init; } = new("http://127.0.0.1:5280/");
    public int? GatewayPid { get; init; }
    public int Sockets { get; init; } = 9000;
    public int Polls { get; init; } = 9000;
    public int Profiles { get; init; } = 1000;
    public double Rate { get; init; } = 20;
    public int Seconds { get; init; } = 60;
    public int WarmupSeconds { get; init; } = 5;
    public int ReferencePort { get; init; } = 5290;
    public string SigningKey { get; init; } = DevelopmentSigningKey;
    public bool Product { get; init; } = true;
    public bool Reference { get; init; } = true;

    public static BenchOptions? Parse(string[] args, TextWriter error)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--url" when value is not null: options = options with { Url = new Uri(value) }; i++; break;
                case "--gateway-pid" when value is not null: options = options with { GatewayPid = Int(value) }; i++; break;
                case "--sockets" when value is not null: options = options with { Sockets = Int(value) }; i++; break;
                case "--polls" when value is not null: options = options with { Polls = Int(value) }; i++; break;
                case "--profiles" when value is not null: options = options with { Profiles = Int(value) }; i++; break;
                case "--rate" when value is not null: options = options with { Rate = double.Parse(value, CultureInfo.InvariantCulture) }; i++; break;
                case "--seconds" when value is not null: options = options with { Seconds = Int(value) }; i++; break;
                case "--warmup" when value is not null: options = options with { WarmupSeconds = Int(value) }; i++; break;
                case "--reference-port" when value is not null: options = options with { ReferencePort = Int(value) }; i++; break;
                case "--signing-key" when value is not null: options = options with { SigningKey = value }; i++; break;
                case "--only" when value is "product": options = options with { Reference = false }; i++; break;
                case "--only" when value is "reference": options = options with { Product = false }; i++; break;
                default:
                    error.WriteLine($"unknown or incomplete option: {args[i]}");
                    return null;
            }
        }

        if (options.Sockets is < 0 or > 10_000 || options.Polls is < 0 or > 10_000 || options.Profiles is < 1 or > 10_000
            || options.Rate is <= 0 or > 1000 || options.Seconds is < 1 or > 600 || options.WarmupSeconds is < 0 or > 60)
        {
            error.WriteLine("bounds: sockets and polls 0-10000, profiles 1-10000, rate 0-1000/s, seconds 1-600, warmup 0-60");
            return null;
        }

        return options;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace FastIo.Orleans.Bench;

/// <summary>
/// <c>fastio-bench ingest|search|seed [options]</c>. Ingest: ingestion
/// through the HTTP API against the same rows written with binary COPY, side by side in one run, twice:
/// spread over a thousand workspaces, then all in one busy workspace. Search: see <see cref="SearchBench"/>; seed: its
/// database, see <see cref="SearchSeed"/>.
/// </summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("ingest" or "search" or "seed"))
        {
            Console.Error.WriteLine("usage: fastio-bench ingest|search|seed [--url URL] [--postgres CONNECTION] "
                + "[--events N] [--concurrency C] [--batch B] [--seconds S] [--warmup S] [--keys true]");
            return 2;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--url"] = "http://127.0.0.1:5080",
            ["--postgres"] = "Host=127.0.0.1;Port=15432;Username=postgres;Database=fastio;Maximum Pool Size=50",
            ["--events"] = "100000",
            ["--concurrency"] = "4",
            ["--batch"] = "500",
            ["--seconds"] = "3",
            ["--warmup"] = "20",
            ["--keys"] = "false",
        };
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        if (args[0] == "seed")
        {
            await new SearchSeed(new SearchSeedSettings(new Uri(options["--url"]), options["--postgres"],
                long.Parse(options["--events"], CultureInfo.InvariantCulture),
                int.Parse(options["--concurrency"], CultureInfo.InvariantCulture)), Console.Out).RunAsync();
            return 0;
        }

        if (args[0] == "search")
        {
            var seconds = double.Parse(options["--seconds"], CultureInfo.InvariantCulture);
            await new SearchBench(new SearchBenchSettings(new Uri(options["--url"]), options["--postgres"],
                TimeSpan.FromSeconds(seconds)), Console.Out).RunAsync();
            return 0;
        }

        var settings = new IngestBenchSettings(
            new Uri(options["--url"]),
            options["--postgres"],
            int.Parse(options["--events"], CultureInfo.InvariantCulture),
            int.Parse(options["--concurrency"], CultureInfo.InvariantCulture),
            int.Parse(options["--batch"], CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(options["--warmup"], CultureInfo.InvariantCulture)),
            bool.Parse(options["--keys"]));
        await new IngestBench(settings, Console.Out).RunAsync();
        return 0;
    }
}

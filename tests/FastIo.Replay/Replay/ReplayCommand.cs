using FastIo.Orleans.Replay.Activity;
using FastIo.Orleans.Replay.Http;
using FastIo.Orleans.Replay.Mapping;

namespace FastIo.Orleans.Replay.Replay;

/// <summary>Runs what the options ask for: a dry run, or a replay followed by the search report.</summary>
public static class ReplayCommand
{
    public const int Done = 0;
    public const int ApiFailed = 1;
    public const int BadInput = 2;
    public const int CountMismatch = 3;

    private const string ServiceName = "replay";

    public static async Task<int> RunAsync(ReplayOptions options, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        if (options.Help)
        {
            output.WriteLine(ReplayOptions.Usage);
            return Done;
        }

        if (OpenSource(options, error) is not { } source)
        {
            return BadInput;
        }

        if (options.DryRun)
        {
            DryRunReport.Run(source, options.Batch, options.Speed, output);
            return Done;
        }

        TokenMinter tokens;
        try
        {
            tokens = new TokenMinter(options.SigningKey);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"fastio-replay: {e.Message}");
            return BadInput;
        }

        using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(100) };
        var api = new ApiClient(http, output);
        try
        {
            var pacing = options.Speed is { } speed ? $"{speed}x the hour's pacing" : "as fast as possible";
            output.WriteLine(
                $"Replaying {source.Description} to {options.Url} in batches of {options.Batch}, {pacing}.");
            var replayer = new Replayer(new IngestClient(api, tokens.ServiceToken(ServiceName)), output);
            var tally = await replayer.RunAsync(source, options.Batch, options.Speed, cancellationToken);
            if (!options.Search)
            {
                return Done;
            }

            var report = new SearchReport(new SearchClient(api), tokens, output);
            return await report.RunAsync(source.Profiles, tally, cancellationToken) ? Done : CountMismatch;
        }
        catch (ApiException e)
        {
            error.WriteLine($"fastio-replay: {e.Message}");
            return ApiFailed;
        }
    }

    private static ReplaySource? OpenSource(ReplayOptions options, TextWriter error)
    {
        if (options.Synthetic)
        {
            return ReplaySource.FromSynthetic(new SyntheticActivity(options.Scale, options.Seed));
        }

        var path = Path.GetFullPath(options.File ?? DataFile.DefaultPath());
        if (!File.Exists(path))
        {
            error.WriteLine($"fastio-replay: the real hour's data is absent: {path} does not exist.");
            error.WriteLine("  Pass --file PATH to read it from elsewhere, or --synthetic [--scale F] [--seed N] " +
                "to generate an hour of the same shape without it.");
            return null;
        }

        return ReplaySource.FromFile(path);
    }
}

using FastIo.WebhookBench;

if (BenchOptions.Parse(args) is not { } options)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var kind = options.OrgId is null ? "an event type the product ignores" : $"subscription updates of org {options.OrgId}";
Console.WriteLine($"Target {options.Url}, {options.Rate}/s for {options.Seconds} s after {options.WarmupSeconds} s "
    + $"of warm-up, {kind}");
var runner = new BenchRunner(options);
if (options.WarmupSeconds > 0)
{
    await runner.RunAsync(options.WarmupSeconds);
}

var result = await runner.RunAsync(options.Seconds);
result.Print(Console.Out);
return result.Accepted == result.Sent ? 0 : 1;

using System.Globalization;
using FastIo.Orleans.Replay.Http;

namespace FastIo.Orleans.Replay;

/// <summary>
/// <c>fastio-replay token --kind user|service|operator --sub ID [--name NAME] [--hours H]</c>: prints a development
/// token signed with the local key, so ./run can hand a newcomer working credentials.
/// </summary>
public static class TokenCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        string? kind = null, subject = null, name = null;
        var hours = 1.0;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--kind": kind = args[i + 1]; break;
                case "--sub": subject = args[i + 1]; break;
                case "--name": name = args[i + 1]; break;
                case "--hours": hours = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default:
                    error.WriteLine($"fastio-replay token: unknown option {args[i]}");
                    return 2;
            }
        }

        if (args.Count % 2 != 0 || subject is null || kind is not ("user" or "service" or "operator"))
        {
            error.WriteLine(
                "usage: fastio-replay token --kind user|service|operator --sub ID [--name NAME] [--hours H]");
            return 2;
        }

        var key = Environment.GetEnvironmentVariable("Auth__SigningKey") is { Length: > 0 } configured
            ? configured
            : TokenMinter.DevelopmentSigningKey;
        var minter = new TokenMinter(key, TimeSpan.FromHours(hours));
        output.WriteLine(kind switch
        {
            "user" => minter.UserToken(subject, name ?? "Dev User"),
            "operator" => minter.OperatorToken(subject),
            _ => minter.ServiceToken(subject),
        });
        return 0;
    }
}

using System.Globalization;
using System.Text;
using Fulcrum.Core.Config;
using Fulcrum.Core.Net;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// The service settings a restarted daemon needs and the kernel objects do not otherwise hold,
/// kept as the comment of the service's rule in its bucket chain (NFTA_RULE_USERDATA), which
/// <c>nft list</c> shows:
/// <c>fulcrum service=web id=7 listen=203.0.113.100:80/tcp scheduler=wrr persistence=300000ms/24 sorry=standby</c>.
/// </summary>
internal sealed record ServiceComment(string Name, uint Id, ListenEndpoint Listen, Scheduler Scheduler, PersistenceConfig? Persistence, bool SorryActive)
{
    private const string Prefix = "fulcrum ";

    public string Format()
    {
        var text = new StringBuilder(Prefix);
        text.Append(CultureInfo.InvariantCulture, $"service={Name} id={Id} listen={Listen} scheduler={SchedulerName(Scheduler)}");
        text.Append(Persistence is { } p
            ? string.Create(CultureInfo.InvariantCulture, $" persistence={(long)p.Timeout.TotalMilliseconds}ms/{p.Granularity}")
            : " persistence=none");
        text.Append(SorryActive ? " sorry=active" : " sorry=standby");
        return text.ToString();
    }

    public static ServiceComment? TryParse(string? comment)
    {
        if (comment is null || !comment.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in comment[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                fields[field[..equals]] = field[(equals + 1)..];
            }
        }

        if (!fields.TryGetValue("service", out var name)
            || !fields.TryGetValue("id", out var idText) || !uint.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !fields.TryGetValue("listen", out var listenText) || !ListenEndpoint.TryParse(listenText, out var listen)
            || !fields.TryGetValue("scheduler", out var schedulerText) || ParseScheduler(schedulerText) is not { } scheduler
            || !fields.TryGetValue("persistence", out var persistenceText) || !TryParsePersistence(persistenceText, out var persistence)
            || !fields.TryGetValue("sorry", out var sorry))
        {
            return null;
        }

        return new ServiceComment(name, id, listen, scheduler, persistence, sorry == "active");
    }

    public static string SchedulerName(Scheduler scheduler) => scheduler switch
    {
        Scheduler.RoundRobin => "rr",
        Scheduler.WeightedRoundRobin => "wrr",
        Scheduler.SourceHash => "sh",
        Scheduler.Maglev => "maglev",
        Scheduler.Random => "random",
        _ => throw new ArgumentOutOfRangeException(nameof(scheduler), scheduler, null),
    };

    private static Scheduler? ParseScheduler(string text) => text switch
    {
        "rr" => Scheduler.RoundRobin,
        "wrr" => Scheduler.WeightedRoundRobin,
        "sh" => Scheduler.SourceHash,
        "maglev" => Scheduler.Maglev,
        "random" => Scheduler.Random,
        _ => null,
    };

    private static bool TryParsePersistence(string text, out PersistenceConfig? persistence)
    {
        persistence = null;
        if (text == "none")
        {
            return true;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !text[..slash].EndsWith("ms", StringComparison.Ordinal)
            || !long.TryParse(text.AsSpan(0, slash - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var granularity))
        {
            return false;
        }

        persistence = new PersistenceConfig(TimeSpan.FromMilliseconds(ms), granularity);
        return true;
    }
}

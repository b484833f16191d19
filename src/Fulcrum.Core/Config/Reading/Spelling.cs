namespace Fulcrum.Core.Config.Reading;

/// <summary>"Did you mean" suggestions by edit distance.</summary>
internal static class Spelling
{
    /// <summary>The candidate closest to <paramref name="input"/>, if it is close enough to be a typo.</summary>
    public static string? Suggest(string input, IEnumerable<string> candidates)
    {
        string lowered = input.ToLowerInvariant();
        int allowed = lowered.Length <= 4 ? 1 : 2;
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Distance(lowered, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        if (bestDistance <= allowed)
        {
            return best;
        }

        // "warn" for "warning", "http_che" for "http_check": a clear abbreviation is worth suggesting too.
        return lowered.Length >= 3 ? candidates.FirstOrDefault(c => c.StartsWith(lowered, StringComparison.OrdinalIgnoreCase)) : null;
    }

    /// <summary>" (did you mean 'x'?)" or an empty string.</summary>
    public static string DidYouMean(string input, IEnumerable<string> candidates) =>
        Suggest(input, candidates) is { } suggestion ? $"; did you mean '{suggestion}'?" : "";

    /// <summary>
    /// Optimal string alignment distance: Levenshtein plus adjacent transposition, so
    /// "prioirty" is one edit from "priority".
    /// </summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

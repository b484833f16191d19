using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// A pending <c>apply --confirm</c>, kept in <c>STATE_DIR/NODE/firewall-trial.json</c>: what the
/// watcher rolls back unless <c>fulcrum confirm</c> removes it first.
/// </summary>
internal sealed record FirewallTrialRecord(
    string Id,
    DateTimeOffset Deadline,
    bool PreviousExisted,
    string? Netns,
    string RulesHash,
    int? WatcherPid)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static string PathIn(string nodeStateDir) => Path.Combine(nodeStateDir, "firewall-trial.json");

    public static string LockIn(string nodeStateDir) => Path.Combine(nodeStateDir, "firewall-trial.lock");

    public static FirewallTrialRecord? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<FirewallTrialRecord>(File.ReadAllText(path), Options);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void Write(string path)
    {
        string temporary = path + ".new";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Options));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Takes the trial lock (flock through FileShare.None), waiting up to <paramref name="wait"/>.</summary>
    public static FileStream Lock(string nodeStateDir, TimeSpan wait)
    {
        Directory.CreateDirectory(nodeStateDir);
        var until = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                return new FileStream(LockIn(nodeStateDir), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                Thread.Sleep(20);
            }
        }
    }
}

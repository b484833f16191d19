using Fulcrum.Core.Config;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Linux.Vrrp;

/// <summary>
/// What a node's VRRP runs, read from its configuration the same way by <c>fulcrum vrrp</c> and by the
/// daemon: the sync group's options (in HMAC mode with the key read from <c>ha.auth.key_file</c>) and
/// the notify command (<c>ha.notify</c>).
/// </summary>
/// <param name="Options">The node's sync group.</param>
/// <param name="Notify">The notify program, or null when none is configured.</param>
public sealed record VrrpSettings(VrrpNodeOptions Options, IVrrpNotifyCommand? Notify)
{
    /// <summary>How long a notify program may run before it is killed.</summary>
    public static readonly TimeSpan NotifyTimeLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reads the settings of <paramref name="view"/>'s node. Throws <see cref="InvalidDataException"/>
    /// (a missing, short or group-readable key file, a notify program that does not exist) or
    /// <see cref="IOException"/>/<see cref="UnauthorizedAccessException"/> (the key file cannot be
    /// read), each with a message that names the file.
    /// </summary>
    public static VrrpSettings Load(NodeView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var ha = view.Cluster.Ha;
        var key = ha.Auth.Mode == HaAuthMode.Hmac ? VrrpHmacKey.ReadFile(ha.Auth.KeyFile!) : null;
        if (ha.Notify is { } program && !File.Exists(program))
        {
            throw new InvalidDataException($"ha.notify: the program {program} does not exist");
        }

        return new VrrpSettings(
            VrrpNodeOptionsFactory.Create(view, key),
            ha.Notify is { } notify ? new ProcessNotifyCommand(notify, NotifyTimeLimit) : null);
    }
}

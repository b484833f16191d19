using System.Threading.Channels;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Fans transitions out to subscribers (notify commands, logs, a future runtime API). Publishing
/// never blocks the VRRP thread: each subscriber has its own bounded channel that drops its oldest
/// entry when the subscriber falls <see cref="Capacity"/> transitions behind (the gap shows in
/// <see cref="VrrpTransition.Sequence"/>).
/// </summary>
public sealed class VrrpTransitionFeed
{
    /// <summary>Transitions a subscriber may fall behind before its oldest are dropped.</summary>
    public const int Capacity = 1024;

    private readonly Lock _lock = new();
    private Channel<VrrpTransition>[] _subscribers = [];

    /// <summary>A new subscription, starting with the next transition. Complete it with <see cref="Unsubscribe"/>.</summary>
    public ChannelReader<VrrpTransition> Subscribe()
    {
        var channel = Channel.CreateBounded<VrrpTransition>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        lock (_lock)
        {
            _subscribers = [.. _subscribers, channel];
        }

        return channel.Reader;
    }

    /// <summary>Ends a subscription: its reader completes after the transitions already queued.</summary>
    public void Unsubscribe(ChannelReader<VrrpTransition> reader)
    {
        lock (_lock)
        {
            var channel = _subscribers.FirstOrDefault(c => c.Reader == reader);
            if (channel is null)
            {
                return;
            }

            _subscribers = [.. _subscribers.Where(c => c != channel)];
            channel.Writer.TryComplete();
        }
    }

    /// <summary>Ends every subscription (the engine stopped).</summary>
    public void Complete()
    {
        lock (_lock)
        {
            foreach (var channel in _subscribers)
            {
                channel.Writer.TryComplete();
            }

            _subscribers = [];
        }
    }

    /// <summary>Publishes one transition to every subscriber; never blocks.</summary>
    public void Publish(VrrpTransition transition)
    {
        foreach (var channel in Volatile.Read(ref _subscribers))
        {
            channel.Writer.TryWrite(transition);
        }
    }
}

using Fulcrum.Daemon.Events;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Daemon;

/// <summary>The runtime event ring: numbered from 1, the last 1,000 kept, long poll woken by the next event.</summary>
public sealed class EventRingTests
{
    [Fact]
    public void Events_are_numbered_and_read_after_a_sequence_number()
    {
        var ring = new EventRing(new FakeTimeProvider());
        ring.Add(EventKinds.Reload, "one");
        ring.Add(EventKinds.Reload, "two");
        ring.Add(EventKinds.Reload, "three");

        var page = ring.Read(1);

        Assert.Equal([2L, 3L], page.Events.Select(e => e.Seq));
        Assert.Equal(["two", "three"], page.Events.Select(e => e.Message));
        Assert.Equal(4, page.Next);
        Assert.Empty(ring.Read(3).Events);
    }

    [Fact]
    public void Only_the_last_thousand_are_kept()
    {
        var ring = new EventRing(new FakeTimeProvider());
        for (var i = 1; i <= 1_500; i++)
        {
            ring.Add(EventKinds.ServerHealth, $"e{i}");
        }

        var page = ring.Read(0);

        Assert.Equal(EventRing.Capacity, page.Events.Count);
        Assert.Equal(501, page.Events[0].Seq);
        Assert.Equal("e1500", page.Events[^1].Message);
        Assert.Equal(1_501, page.Next);
    }

    [Fact]
    public async Task A_long_poll_returns_when_the_next_event_arrives()
    {
        var ring = new EventRing(new FakeTimeProvider());
        ring.Add(EventKinds.Reload, "old");

        var waiting = ring.ReadAsync(1, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        ring.Add(EventKinds.AdminWrite, "new");
        var page = await waiting;

        Assert.Equal(["new"], page.Events.Select(e => e.Message));
    }

    [Fact]
    public async Task A_long_poll_with_nothing_new_returns_empty_when_the_wait_is_over()
    {
        var time = new FakeTimeProvider();
        var ring = new EventRing(time);

        var waiting = ring.ReadAsync(0, TimeSpan.FromSeconds(5), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        var page = await waiting;

        Assert.Empty(page.Events);
        Assert.Equal(1, page.Next);
    }
}

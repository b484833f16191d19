using Fulcrum.Core.Status;

namespace Fulcrum.Daemon.Events;

/// <summary>
/// The last <see cref="Capacity"/> runtime events (<c>GET /v1/events</c>), numbered from 1. Readers
/// ask for events after a sequence number and may wait for the next one (long poll).
/// </summary>
internal sealed class EventRing
{
    /// <summary>How many events are kept.</summary>
    public const int Capacity = 1000;

    private readonly Lock _gate = new();
    private readonly RuntimeEvent[] _ring = new RuntimeEvent[Capacity];
    private readonly TimeProvider _time;
    private long _last;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EventRing(TimeProvider time) => _time = time;

    /// <summary>The sequence number of the newest event (0 before the first).</summary>
    public long Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>Records an event and wakes every waiting reader.</summary>
    public RuntimeEvent Add(string kind, string message, IReadOnlyDictionary<string, string>? fields = null)
    {
        TaskCompletionSource wake;
        RuntimeEvent added;
        lock (_gate)
        {
            added = new RuntimeEvent(++_last, _time.GetUtcNow(), kind, message, fields ?? new Dictionary<string, string>());
            _ring[(int)((_last - 1) % Capacity)] = added;
            wake = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        wake.TrySetResult();
        return added;
    }

    /// <summary>Events with a sequence number above <paramref name="after"/> that are still kept, oldest first.</summary>
    public EventPage Read(long after)
    {
        lock (_gate)
        {
            return ReadLocked(after);
        }
    }

    /// <summary>
    /// Like <see cref="Read"/>, but when there is nothing newer than <paramref name="after"/>, waits up to
    /// <paramref name="wait"/> for the next event.
    /// </summary>
    public async Task<EventPage> ReadAsync(long after, TimeSpan wait, CancellationToken cancellationToken)
    {
        Task next;
        lock (_gate)
        {
            if (_last > after || wait <= TimeSpan.Zero)
            {
                return ReadLocked(after);
            }

            next = _next.Task;
        }

        try
        {
            await next.WaitAsync(wait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Nothing happened: an empty page.
        }

        return Read(after);
    }

    private EventPage ReadLocked(long after)
    {
        long first = Math.Max(Math.Max(after, 0) + 1, _last - Capacity + 1);
        var events = new List<RuntimeEvent>((int)Math.Max(0, _last - first + 1));
        for (long seq = first; seq <= _last; seq++)
        {
            events.Add(_ring[(int)((seq - 1) % Capacity)]);
        }

        return new EventPage(events, _last + 1);
    }
}

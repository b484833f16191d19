using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

/// <summary>Records what the node asked of the flow hand-off, in the node's journal and its own list.</summary>
internal sealed class RecordingFlowHandOff(List<string>? journal = null) : IFlowHandOff
{
    public List<string> Calls { get; } = [];

    public bool IsOpen { get; private set; }

    public void Open(IReadOnlyList<FlowHandOffLink> links, TimeSpan duration)
    {
        IsOpen = true;
        Record($"flow hand-off open for {duration.TotalSeconds}s " + string.Join(", ", links.Select(l => $"{l.Interface}#{l.InterfaceIndex} -> {l.Peer}")));
    }

    public void Close()
    {
        IsOpen = false;
        Record("flow hand-off close");
    }

    private void Record(string call)
    {
        Calls.Add(call);
        journal?.Add(call);
    }
}

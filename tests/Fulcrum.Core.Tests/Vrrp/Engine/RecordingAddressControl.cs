using System.Net;
using System.Net.NetworkInformation;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

/// <summary>A kernel's interfaces and addresses in memory; every change is recorded as the <c>ip</c> command it stands for.</summary>
internal sealed class RecordingAddressControl : IAddressControl
{
    private readonly Dictionary<string, List<InterfaceAddress>> _addresses = [];
    private readonly Dictionary<string, LinkStatus> _links = [];
    private readonly List<string>? _journal;

    public RecordingAddressControl(params string[] interfaces)
        : this(null, interfaces)
    {
    }

    /// <summary>Creates the fake; every change also goes to <paramref name="journal"/> when given (shared with other fakes to record order).</summary>
    public RecordingAddressControl(List<string>? journal, params string[] interfaces)
    {
        _journal = journal;
        var index = 2;
        foreach (var name in interfaces)
        {
            _links[name] = new LinkStatus(name, index, PhysicalAddress.Parse($"02-00-00-00-00-{index:X2}"), true, true);
            _addresses[name] = [];
            index++;
        }
    }

    public List<string> Changes { get; } = [];

    public void SetLink(string name, bool up) => _links[name] = _links[name] with { IsUp = up, IsRunning = up };

    public void Seed(string name, string address, int prefixLength) => _addresses[name].Add(new InterfaceAddress(IPAddress.Parse(address), prefixLength));

    public IReadOnlyList<string> AddressesOn(string name) => [.. _addresses[name].Select(a => $"{a.Address}/{a.PrefixLength}")];

    public LinkStatus GetLink(string interfaceName) =>
        _links.TryGetValue(interfaceName, out var link) ? link : throw new InvalidOperationException($"No interface '{interfaceName}'.");

    public IReadOnlyList<InterfaceAddress> GetAddresses(string interfaceName) => [.. _addresses[interfaceName]];

    public bool AddAddress(string interfaceName, IPAddress address, int prefixLength)
    {
        Changes.Add($"ip addr add {address}/{prefixLength} dev {interfaceName}");
        _journal?.Add(Changes[^1]);
        if (_addresses[interfaceName].Any(a => a.Address.Equals(address)))
        {
            return false;
        }

        _addresses[interfaceName].Add(new InterfaceAddress(address, prefixLength));
        return true;
    }

    public bool RemoveAddress(string interfaceName, IPAddress address, int prefixLength)
    {
        Changes.Add($"ip addr del {address}/{prefixLength} dev {interfaceName}");
        _journal?.Add(Changes[^1]);
        return _addresses[interfaceName].RemoveAll(a => a.Address.Equals(address) && a.PrefixLength == prefixLength) > 0;
    }
}

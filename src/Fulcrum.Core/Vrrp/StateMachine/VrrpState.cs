namespace Fulcrum.Core.Vrrp;

/// <summary>States of a virtual router instance: RFC 5798 §6.4, plus Fault for tracking.</summary>
public enum VrrpState
{
    /// <summary>Not running; waiting for Startup. RFC 5798 §6.4.1.</summary>
    Initialize,

    /// <summary>Monitoring the master; owns no VIPs. RFC 5798 §6.4.2.</summary>
    Backup,

    /// <summary>Owns the VIPs and sends adverts. RFC 5798 §6.4.3 ("Active" in RFC 9568).</summary>
    Master,

    /// <summary>Held out of the election by tracking (link down, failed check); owns no VIPs. Not in the RFC; keepalived's FAULT.</summary>
    Fault,
}

namespace Fulcrum.Lab;

/// <summary>What a namespace of the lab stands for in the seed topology.</summary>
public enum LabRole
{
    Switch,
    Client,
    Internet,
    Balancer,
    RealServer,
}
